/** The 季度回顾 channels through the Backend: quarters, the deck, edits saved in the workspace and kept across a rebuild, exports. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import { Backend } from '../../electron/backend/backend';
import { createWorkspace } from '../../electron/backend/storage/workspaceStore';
import { readReviewSection } from '../../shared/review/deck';

describe('review backend', () => {
  let root: string;
  let dir: string;
  let backend: Backend;
  const Q = '2026Q3';

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-review-'));
    dir = path.join(root, 'ws');
    await createWorkspace(dir, { name: '滨江区分公司（示例）', branchName: null, source: 'empty', portfolio: generateDemoBranch().portfolio });
    backend = await Backend.start({ dataDir: path.join(root, 'data'), version: 'test', mode: 'browser' });
    await backend.openWorkspaceAt(dir);
  }, 60_000);
  afterAll(async () => {
    await backend.workspace?.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('lists quarters and names the branch after the workspace', async () => {
    const q = await backend.call('review.quarters', {});
    expect(q.defaultQuarter).toBe(Q);
    expect(q.branchName).toBe('滨江区分公司');
  });

  it('answers the deck in the app language by default, or the one asked for', async () => {
    const zh = await backend.call('review.get', {});
    expect(zh.language).toBe('zh-CN');
    expect(zh.quarter).toBe(Q);
    const en = await backend.call('review.get', { quarter: Q, language: 'en' });
    expect(en.slides[0]?.title).toBe('2026 Q3: overall position');
  });

  it('saves edits per quarter and language in the review section, and reports bad edits in both languages', async () => {
    const deck0 = await backend.call('review.get', { quarter: Q, language: 'zh-CN' });
    const finding = deck0.slides[0]?.findings[0];
    await backend.call('review.edit', { quarter: Q, language: 'zh-CN', edit: { op: 'setFinding', slideId: 'position', findingId: 'f1', text: '收入承压，重点看红区。' } });
    await backend.call('review.edit', { quarter: Q, language: 'zh-CN', edit: { op: 'move', slideId: 'plan', toIndex: 1 } });
    const deck = await backend.call('review.edit', { quarter: Q, language: 'zh-CN', edit: { op: 'addFree', title: '下一步' } });
    expect(deck.hasEdits).toBe(true);
    expect(deck.slides[0]?.findings[0]?.text).toBe('收入承压，重点看红区。');
    // the edited finding keeps the numbers it was written from, for its trace
    expect(deck.slides[0]?.findings[0]?.figures).toEqual(finding?.figures);
    expect(deck.slides[1]?.id).toBe('plan');
    expect(deck.slides[deck.slides.length - 1]?.title).toBe('下一步');
    const stored = readReviewSection(backend.workspace?.section('review'));
    expect(stored.edits(Q, 'zh-CN')?.text.position?.findings?.f1).toBe('收入承压，重点看红区。');
    expect(stored.edits(Q, 'en')).toBeUndefined();
    // the English deck is separate
    expect((await backend.call('review.get', { quarter: Q, language: 'en' })).hasEdits).toBe(false);
    const bad = await backend.handle('review.edit', { quarter: Q, language: 'zh-CN', edit: { op: 'hide', slideId: 'no-such-slide' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('bad-request');
      expect(bad.error.message.zh).toContain('no-such-slide');
      expect(bad.error.message.en).toContain('no-such-slide');
    }
    const invalid = await backend.handle('review.edit', { quarter: '2026-09', language: 'zh-CN', edit: { op: 'hide', slideId: 'plan' } });
    expect(invalid.ok).toBe(false);
  });

  it('keeps the edits when the deck is rebuilt from changed settings', async () => {
    const before = await backend.call('review.get', { quarter: Q, language: 'zh-CN' });
    await backend.call('settings.update', { key: 'value.topShare', value: 0.3 });
    const after = await backend.call('review.get', { quarter: Q, language: 'zh-CN' });
    // the numbers moved (the top 30% of groups instead of 20%) …
    const top = (d: typeof before) => d.slides.find((s) => s.id === 'position')?.findings.find((f) => f.id === 'f3')?.figures.find((f) => f.label === '头部集团数')?.value;
    expect(top(after)).toBeGreaterThan(top(before) ?? Infinity);
    // … the manager's words, order and free slide stayed
    expect(after.slides.map((s) => s.id)).toEqual(before.slides.map((s) => s.id));
    expect(after.slides[0]?.findings[0]?.text).toBe('收入承压，重点看红区。');
    await backend.call('settings.reset', {});
  });

  it('remembers a branch name given for the title and uses it in the file name', async () => {
    const deck = await backend.call('review.get', { quarter: Q, branchName: '滨江' });
    expect(deck.branchName).toBe('滨江');
    expect((await backend.call('review.quarters', {})).branchName).toBe('滨江');
    const out = await backend.call('review.export', { quarter: Q, language: 'zh-CN', format: 'pptx' });
    expect(out.fileName).toBe('滨江-2026Q3-季度回顾.pptx');
    const zip = await JSZip.loadAsync(Buffer.from(out.dataBase64, 'base64'));
    const slides = Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slides.length).toBe(deck.slides.filter((s) => !s.hidden).length);
  });

  it('the plan slide follows the day: an action due tomorrow counts as overdue once that day has passed', async () => {
    // the deck's inputs are cached; the day (what is overdue) and the ledger settings belong to the key
    const overdue = async (): Promise<number | null | undefined> => {
      const deck = await backend.call('review.get', { quarter: Q, language: 'zh-CN' });
      const figures = (deck.slides.find((s) => s.id === 'plan')?.findings ?? []).flatMap((f) => f.figures);
      return figures.find((f) => f.label === '逾期行动数')?.value ?? undefined;
    };
    const groupCode = generateDemoBranch().portfolio.groups[0]?.groupCode ?? '';
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await backend.call('actions.save', { groupCode, cause: 'competition', action: '上门拜访', owner: '王经理', due: tomorrow, status: 'open', note: '' });
    const today = await overdue();
    expect(today).toBeDefined();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3 * 86_400_000);
    try {
      expect(await overdue()).toBe((today ?? 0) + 1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not write a read-only workspace: the edit fails with a clear message, reading still works', async () => {
    // another computer holds the workspace (a shared folder): this one opens it read-only
    await backend.workspace?.close();
    await fs.writeFile(path.join(dir, 'workspace.lock'), JSON.stringify({ pid: 1, host: 'other-host', user: 'x', app: 'Holdfast', appVersion: '0', since: new Date().toISOString(), token: 'abcdef0123456789abcdef01' }));
    const before = await fs.readFile(path.join(dir, 'workspace.json'), 'utf8');
    await backend.openWorkspaceAt(dir);
    expect(backend.workspace?.readOnly).toBe(true);
    const r = await backend.handle('review.edit', { quarter: Q, language: 'zh-CN', edit: { op: 'hide', slideId: 'plan' } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('conflict');
      expect(r.error.message.zh).toContain('只读');
    }
    const deck = await backend.call('review.get', { quarter: Q, language: 'zh-CN', branchName: '别的名字' });
    expect(deck.slides[0]?.findings[0]?.text).toBe('收入承压，重点看红区。');
    expect(await fs.readFile(path.join(dir, 'workspace.json'), 'utf8')).toBe(before);
  });
});
