/**
 * The review's desktop-only IPC payloads (printToPDF of the print view, the presenter-notes
 * window): what the main process accepts and what it refuses before acting.
 */
import { describe, expect, it } from 'vitest';
import { PresenterStateSchema, ReviewPdfRequestSchema, safeFileName } from '../../electron/main/reviewIpcSchemas';

const state = {
  language: 'zh-CN',
  index: 2,
  total: 8,
  title: '价值结构：价值 × 风险四象限',
  notes: '先讲重点保网。',
  nextTitle: null,
  next: null,
  branchName: '滨江区分公司',
  quarter: '2026Q3',
  startedAt: 1_790_000_000_000,
};

describe('PresenterStateSchema', () => {
  it('accepts the state the presenting window sends', () => {
    expect(PresenterStateSchema.safeParse(state).success).toBe(true);
  });

  it('refuses unknown keys, wrong types, negative slide numbers and oversized notes', () => {
    expect(PresenterStateSchema.safeParse({ ...state, url: 'https://example.com' }).success).toBe(false);
    expect(PresenterStateSchema.safeParse({ ...state, index: -1 }).success).toBe(false);
    expect(PresenterStateSchema.safeParse({ ...state, index: 1.5 }).success).toBe(false);
    expect(PresenterStateSchema.safeParse({ ...state, language: 'fr' }).success).toBe(false);
    expect(PresenterStateSchema.safeParse({ ...state, notes: 'x'.repeat(20_001) }).success).toBe(false);
    expect(PresenterStateSchema.safeParse({ ...state, startedAt: Number.POSITIVE_INFINITY }).success).toBe(false);
    expect(PresenterStateSchema.safeParse({ ...state, next: { id: 'x' } }).success).toBe(false);
    expect(PresenterStateSchema.safeParse(null).success).toBe(false);
  });
});

describe('ReviewPdfRequestSchema and the suggested file name', () => {
  it('needs a non-empty name and nothing else', () => {
    expect(ReviewPdfRequestSchema.safeParse({ fileName: '滨江区分公司-2026Q3-季度回顾.pdf' }).success).toBe(true);
    expect(ReviewPdfRequestSchema.safeParse({ fileName: '   ' }).success).toBe(false);
    expect(ReviewPdfRequestSchema.safeParse({ fileName: 'a.pdf', path: '/etc' }).success).toBe(false);
    expect(ReviewPdfRequestSchema.safeParse({ fileName: 'x'.repeat(201) }).success).toBe(false);
  });

  it('keeps the name inside the chosen folder and ends it in .pdf', () => {
    expect(safeFileName('滨江区分公司-2026Q3-季度回顾.pdf')).toBe('滨江区分公司-2026Q3-季度回顾.pdf');
    expect(safeFileName('../../etc/passwd')).toBe('.._.._etc_passwd.pdf');
    expect(safeFileName('a\\b:c*?"<>|\u0001d')).toBe('a_b_c_______d.pdf');
    expect(safeFileName('Deck.PDF')).toBe('Deck.PDF');
  });
});
