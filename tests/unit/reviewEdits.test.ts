/** Review edits: applying them, the edit operations, and what survives a rebuild. */
import { describe, expect, it } from 'vitest';
import { applyEditOp, applyEdits, emptyEdits, pruneEdits, ReviewEditError } from '../../shared/review/edits';
import { readReviewSection, withDeckEdits } from '../../shared/review/deck';
import { DeckEditsSchema, type DeckEdits, type ReviewEditOp, type ReviewSlide } from '../../shared/review/types';

const NOW = '2026-11-20T08:00:00.000Z';

function built(id: string, findings: [string, string][], title = `T ${id}`): ReviewSlide {
  return {
    id,
    part: 'risk',
    origin: 'built',
    sourceId: null,
    title,
    subtitle: null,
    visual: null,
    findings: findings.map(([fid, text]) => ({ id: fid, text, figures: [] })),
    notes: `notes ${id}`,
    hidden: false,
    edited: { title: false, findings: [], notes: false },
  };
}

const deckA = (): ReviewSlide[] => [built('position', [['f1', '收入下降 4.2%'], ['f2', 'b']]), built('risk-warnings', [['f1', '红区 12 家'], ['f2', 'y'], ['f3', 'z']]), built('plan', [['f1', 'p1'], ['f2', 'p2']])];

function run(slides: ReviewSlide[], ops: ReviewEditOp[], start?: DeckEdits): DeckEdits {
  let e = start;
  for (const op of ops) e = applyEditOp(slides, e, op, NOW, 'zh-CN');
  return DeckEditsSchema.parse(e);
}
const ids = (s: ReviewSlide[]) => s.map((x) => x.id);

describe('edit operations', () => {
  it('edits titles, findings and notes, and marks them edited', () => {
    const b = deckA();
    const e = run(b, [
      { op: 'setTitle', slideId: 'position', text: '本季度总体情况' },
      { op: 'setFinding', slideId: 'risk-warnings', findingId: 'f1', text: '红区 12 家，需本周上门' },
      { op: 'setNotes', slideId: 'plan', text: '讲预算' },
    ]);
    const out = applyEdits(b, e);
    expect(out[0]?.title).toBe('本季度总体情况');
    expect(out[0]?.edited.title).toBe(true);
    expect(out[1]?.findings[0]?.text).toBe('红区 12 家，需本周上门');
    expect(out[1]?.edited.findings).toEqual(['f1']);
    expect(out[1]?.findings[1]?.text).toBe('y');
    expect(out[2]?.notes).toBe('讲预算');
    // the built deck itself is untouched
    expect(b[0]?.title).toBe('T position');
  });

  it('writing back the built text removes the override', () => {
    const b = deckA();
    const e = run(b, [
      { op: 'setFinding', slideId: 'position', findingId: 'f1', text: 'x' },
      { op: 'setFinding', slideId: 'position', findingId: 'f1', text: '收入下降 4.2%' },
    ]);
    expect(e.text).toEqual({});
  });

  it('hides, shows and moves slides', () => {
    const b = deckA();
    const e = run(b, [
      { op: 'hide', slideId: 'risk-warnings' },
      { op: 'move', slideId: 'plan', toIndex: 0 },
    ]);
    const out = applyEdits(b, e);
    expect(ids(out)).toEqual(['plan', 'position', 'risk-warnings']);
    expect(out.filter((s) => s.hidden).map((s) => s.id)).toEqual(['risk-warnings']);
    const shown = applyEdits(b, run(b, [{ op: 'show', slideId: 'risk-warnings' }], e));
    expect(shown.every((s) => !s.hidden)).toBe(true);
    // a move past the end lands last
    expect(ids(applyEdits(b, run(b, [{ op: 'move', slideId: 'position', toIndex: 99 }])))).toEqual(['risk-warnings', 'plan', 'position']);
  });

  it('duplicates a slide right after it, with its text edits, and the copy can be edited on its own', () => {
    const b = deckA();
    const e = run(b, [
      { op: 'setTitle', slideId: 'position', text: 'A' },
      { op: 'duplicate', slideId: 'position' },
    ]);
    const dupId = e.duplicates[0]?.id as string;
    expect(dupId).toBe('dup-position-1');
    const e2 = run(b, [{ op: 'setTitle', slideId: dupId, text: 'B' }], e);
    const out = applyEdits(b, e2);
    expect(ids(out)).toEqual(['position', dupId, 'risk-warnings', 'plan']);
    expect(out.map((s) => s.title).slice(0, 2)).toEqual(['A', 'B']);
    expect(out[1]?.origin).toBe('duplicate');
    expect(out[1]?.findings).toEqual(out[0]?.findings);
  });

  it('adds, edits and deletes free slides; built slides cannot be deleted', () => {
    const b = deckA();
    let e = run(b, [{ op: 'addFree', afterId: 'position', title: '补充说明' }]);
    const id = e.free[0]?.id as string;
    e = run(b, [
      { op: 'setFinding', slideId: id, findingId: 'f1', text: '第一段' },
      { op: 'addFinding', slideId: id, text: '第二段' },
      { op: 'setNotes', slideId: id, text: '备注' },
    ], e);
    let out = applyEdits(b, e);
    expect(ids(out)).toEqual(['position', id, 'risk-warnings', 'plan']);
    expect(out[1]?.findings.map((f) => f.text)).toEqual(['第一段', '第二段']);
    expect(out[1]?.part).toBe('free');
    e = run(b, [{ op: 'deleteFinding', slideId: id, findingId: 'f1' }], e);
    expect(applyEdits(b, e)[1]?.findings.map((f) => f.id)).toEqual(['f2']);
    expect(() => run(b, [{ op: 'deleteFree', slideId: 'plan' }], e)).toThrow(ReviewEditError);
    e = run(b, [{ op: 'deleteFree', slideId: id }], e);
    out = applyEdits(b, e);
    expect(ids(out)).toEqual(['position', 'risk-warnings', 'plan']);
    expect(e.free).toEqual([]);
    // ids are never reused
    expect(run(b, [{ op: 'addFree' }], e).free[0]?.id).not.toBe(id);
  });

  it('rejects edits of slides or findings that do not exist, in both languages', () => {
    const b = deckA();
    try {
      run(b, [{ op: 'setFinding', slideId: 'position', findingId: 'f9', text: 'x' }]);
      throw new Error('should throw');
    } catch (err) {
      expect(err).toBeInstanceOf(ReviewEditError);
      expect((err as ReviewEditError).text.zh).toContain('f9');
      expect((err as ReviewEditError).text.en).toContain('f9');
    }
    expect(() => run(b, [{ op: 'hide', slideId: 'nope' }])).toThrow(/nope/);
    expect(() => run(b, [{ op: 'addFinding', slideId: 'plan' }])).toThrow(ReviewEditError);
  });

  it('resets one slide or everything', () => {
    const b = deckA();
    const e = run(b, [
      { op: 'setTitle', slideId: 'position', text: 'A' },
      { op: 'setTitle', slideId: 'plan', text: 'P' },
      { op: 'resetSlide', slideId: 'position' },
    ]);
    expect(Object.keys(e.text)).toEqual(['plan']);
    expect(run(b, [{ op: 'resetAll' }], e)).toEqual(emptyEdits(NOW));
  });
});

describe('rebuild', () => {
  it('keeps the edits of slides that still exist and drops the rest', () => {
    const before = deckA();
    const e = run(before, [
      { op: 'setFinding', slideId: 'position', findingId: 'f1', text: '我们改写的发现' },
      { op: 'setFinding', slideId: 'risk-warnings', findingId: 'f3', text: 'gone soon' },
      { op: 'setTitle', slideId: 'risk-warnings', text: '风险' },
      { op: 'duplicate', slideId: 'risk-warnings' },
      { op: 'hide', slideId: 'risk-warnings' },
      { op: 'move', slideId: 'plan', toIndex: 0 },
      { op: 'addFree', title: '自由页' },
    ]);
    // new data: the numbers changed, the warnings slide has no 3rd finding any more, and another slide is gone
    const after = [built('position', [['f1', '收入下降 6.0%'], ['f2', 'b2']]), built('plan', [['f1', 'p1'], ['f2', 'p2']])];
    const kept = pruneEdits(after, e);
    expect(kept.text).toEqual({ position: { findings: { f1: '我们改写的发现' } } });
    expect(kept.duplicates).toEqual([]);
    expect(kept.hidden).toEqual([]);
    const out = applyEdits(after, kept);
    expect(ids(out)).toEqual(['plan', 'position', e.free[0]?.id]);
    expect(out[1]?.findings.map((f) => f.text)).toEqual(['我们改写的发现', 'b2']);

    // the same slide ids with one finding fewer: the finding's edit goes, the slide's others stay
    const fewer = [built('position', [['f1', 'x'], ['f2', 'y']]), built('risk-warnings', [['f1', 'a'], ['f2', 'b']]), built('plan', [['f1', 'p']])];
    const kept2 = pruneEdits(fewer, e);
    expect(kept2.text['risk-warnings']).toEqual({ title: '风险' });
    expect(kept2.duplicates.map((d) => d.sourceId)).toEqual(['risk-warnings']);
    const out2 = applyEdits(fewer, kept2);
    expect(ids(out2)).toEqual(['plan', 'position', 'risk-warnings', e.duplicates[0]?.id, e.free[0]?.id]);
    expect(out2.find((s) => s.id === 'risk-warnings')?.hidden).toBe(true);
    expect(out2.find((s) => s.id === e.duplicates[0]?.id)?.title).toBe('风险');
  });

  it('a slide the order does not list keeps its place after its built predecessor', () => {
    const b = deckA();
    const e = run(b, [{ op: 'move', slideId: 'plan', toIndex: 0 }]);
    // a rebuild adds a slide between position and risk-warnings
    const more = [b[0] as ReviewSlide, built('value-quadrant', [['f1', 'q']]), b[1] as ReviewSlide, b[2] as ReviewSlide];
    expect(ids(applyEdits(more, e))).toEqual(['plan', 'position', 'value-quadrant', 'risk-warnings']);
  });
});

describe('stored section', () => {
  it('keys edits by quarter and language and keeps other decks untouched, even unreadable ones', () => {
    const b = deckA();
    const e = run(b, [{ op: 'hide', slideId: 'plan' }]);
    const raw = { version: 1, branchName: '滨江区分公司', decks: { '2026Q2|zh-CN': { broken: true } } };
    const read = readReviewSection(raw);
    expect(read.damaged).toEqual(['2026Q2|zh-CN']);
    const saved = withDeckEdits(read.section, '2026Q3', 'zh-CN', e);
    expect(saved.decks['2026Q2|zh-CN']).toEqual({ broken: true });
    const again = readReviewSection(JSON.parse(JSON.stringify(saved)));
    expect(again.edits('2026Q3', 'zh-CN')).toEqual(e);
    expect(again.edits('2026Q3', 'en')).toBeUndefined();
    expect(again.section.branchName).toBe('滨江区分公司');
    // emptied edits remove the deck's entry
    expect(withDeckEdits(again.section, '2026Q3', 'zh-CN', emptyEdits(NOW)).decks['2026Q3|zh-CN']).toBeUndefined();
  });
  it('reads a section that was never saved or is not an object', () => {
    for (const raw of [undefined, null, 42, 'x', []]) expect(readReviewSection(raw).edits('2026Q3', 'zh-CN')).toBeUndefined();
  });
});
