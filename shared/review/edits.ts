/**
 * The manager's edits of a deck, and how they are laid over a (re)built deck.
 *
 * Edits are keyed by stable slide ids, so a rebuild (new data, new settings)
 * keeps the edits of every slide that still exists and drops the rest: text of
 * a finding that is no longer produced, duplicates of a slide that is gone.
 */
import type { LocalText } from '../model/trace';
import type { DeckEdits, FreeSlide, ReviewEditOp, ReviewLanguage, ReviewSlide, SlideTextEdit } from './types';

export class ReviewEditError extends Error {
  constructor(readonly text: LocalText) {
    super(text.en);
  }
}

export function emptyEdits(now: string): DeckEdits {
  return { order: [], hidden: [], text: {}, free: [], duplicates: [], nextId: 1, updatedAt: now };
}

export function isEmptyEdits(e: DeckEdits): boolean {
  return e.order.length === 0 && e.hidden.length === 0 && Object.keys(e.text).length === 0 && e.free.length === 0 && e.duplicates.length === 0;
}

function freeSlide(f: FreeSlide): ReviewSlide {
  return {
    id: f.id,
    part: 'free',
    origin: 'free',
    sourceId: null,
    title: f.title,
    subtitle: null,
    visual: null,
    findings: f.findings.map((x) => ({ id: x.id, text: x.text, figures: [] })),
    notes: f.notes,
    hidden: false,
    edited: { title: false, findings: [], notes: false },
  };
}

/** Default sequence: built slides in build order, each duplicate right after its source (or its source's last duplicate), free slides last. */
function defaultSequence(built: ReviewSlide[], edits: DeckEdits): ReviewSlide[] {
  const out: ReviewSlide[] = [];
  const builtIds = new Set(built.map((s) => s.id));
  for (const s of built) {
    out.push(s);
    for (const d of edits.duplicates) if (d.sourceId === s.id) out.push({ ...s, id: d.id, origin: 'duplicate', sourceId: s.id });
  }
  for (const f of edits.free) out.push(freeSlide(f));
  // duplicates of a free slide are stored as free slides; duplicates of a missing source are dropped
  return out.filter((s) => s.origin !== 'duplicate' || builtIds.has(s.sourceId ?? ''));
}

/** Orders `ids` by the manager's order; ids the order does not list keep their place after their default predecessor. */
function ordered(sequence: string[], order: string[]): string[] {
  const exists = new Set(sequence);
  const result = order.filter((id, i) => exists.has(id) && order.indexOf(id) === i);
  const placed = new Set(result);
  for (let i = 0; i < sequence.length; i++) {
    const id = sequence[i] as string;
    if (placed.has(id)) continue;
    let at = 0;
    for (let j = i - 1; j >= 0; j--) {
      const k = result.indexOf(sequence[j] as string);
      if (k >= 0) {
        at = k + 1;
        break;
      }
    }
    result.splice(at, 0, id);
    placed.add(id);
  }
  return result;
}

function withText(s: ReviewSlide, t: SlideTextEdit | undefined): ReviewSlide {
  if (!t) return s;
  const findings = s.findings.map((f) => {
    const text = t.findings?.[f.id];
    // an edited finding keeps its figures' traces (the numbers it was written from)
    return text === undefined ? f : { ...f, text };
  });
  return {
    ...s,
    title: t.title ?? s.title,
    subtitle: t.subtitle ?? s.subtitle,
    notes: t.notes ?? s.notes,
    findings,
    edited: {
      title: t.title !== undefined,
      findings: s.findings.filter((f) => t.findings?.[f.id] !== undefined).map((f) => f.id),
      notes: t.notes !== undefined,
    },
  };
}

/** The deck's slides with the edits applied: order, hidden flags, duplicates, free slides and text. */
export function applyEdits(built: ReviewSlide[], edits: DeckEdits | undefined): ReviewSlide[] {
  if (!edits) return built;
  const seq = defaultSequence(built, edits);
  const byId = new Map(seq.map((s) => [s.id, s]));
  const hidden = new Set(edits.hidden);
  return ordered(
    seq.map((s) => s.id),
    edits.order,
  ).map((id) => {
    const s = byId.get(id) as ReviewSlide;
    return { ...withText(s, edits.text[id]), hidden: hidden.has(id) };
  });
}

/**
 * The edits that still apply to a rebuilt deck: those of slides (and findings)
 * that exist in `built`, free slides, and duplicates whose source still exists.
 */
export function pruneEdits(built: ReviewSlide[], edits: DeckEdits): DeckEdits {
  const builtById = new Map(built.map((s) => [s.id, s]));
  const duplicates = edits.duplicates.filter((d) => builtById.has(d.sourceId));
  const ids = new Set<string>([...built.map((s) => s.id), ...duplicates.map((d) => d.id), ...edits.free.map((f) => f.id)]);
  const sourceOf = new Map(duplicates.map((d) => [d.id, d.sourceId]));
  const text: Record<string, SlideTextEdit> = {};
  for (const [id, t] of Object.entries(edits.text)) {
    if (!ids.has(id)) continue;
    const slide = builtById.get(sourceOf.get(id) ?? id);
    if (!slide) continue; // free slides keep their text in `free`
    const findings: Record<string, string> = {};
    for (const [fid, v] of Object.entries(t.findings ?? {})) if (slide.findings.some((f) => f.id === fid)) findings[fid] = v;
    const next: SlideTextEdit = {};
    if (t.title !== undefined) next.title = t.title;
    if (t.subtitle !== undefined) next.subtitle = t.subtitle;
    if (t.notes !== undefined) next.notes = t.notes;
    if (Object.keys(findings).length > 0) next.findings = findings;
    if (Object.keys(next).length > 0) text[id] = next;
  }
  return {
    ...edits,
    order: edits.order.filter((id) => ids.has(id)),
    hidden: edits.hidden.filter((id) => ids.has(id)),
    text,
    duplicates,
  };
}

const E = (zh: string, en: string): ReviewEditError => new ReviewEditError({ zh, en });

/**
 * Applies one edit to the stored edits. `built` is the deck as built now (no
 * edits); the result is pruned against it. Throws ReviewEditError (zh + en) on
 * an edit that names a slide or finding that does not exist.
 */
export function applyEditOp(built: ReviewSlide[], stored: DeckEdits | undefined, op: ReviewEditOp, now: string, language: ReviewLanguage): DeckEdits {
  if (op.op === 'resetAll') return emptyEdits(now);
  const edits = pruneEdits(built, stored ?? emptyEdits(now));
  const current = applyEdits(built, edits);
  const next: DeckEdits = { ...edits, updatedAt: now, text: { ...edits.text }, free: edits.free.map((f) => ({ ...f, findings: [...f.findings] })) };
  const find = (id: string): ReviewSlide => {
    const s = current.find((x) => x.id === id);
    if (!s) throw E(`找不到页面 ${id}（可能已在重新生成时删除）`, `No slide ${id} (it may have gone in a rebuild)`);
    return s;
  };
  const base = (s: ReviewSlide): ReviewSlide | undefined => built.find((b) => b.id === (s.sourceId ?? s.id));
  const freeOf = (id: string): FreeSlide | undefined => next.free.find((f) => f.id === id);
  const setText = (id: string, patch: (t: SlideTextEdit, b: ReviewSlide) => SlideTextEdit) => {
    const s = find(id);
    const b = base(s) as ReviewSlide;
    const t = patch({ ...(next.text[id] ?? {}) }, b);
    if (Object.keys(t).length === 0) delete next.text[id];
    else next.text[id] = t;
  };
  const orderIds = (): string[] => current.map((s) => s.id);
  switch (op.op) {
    case 'setTitle':
    case 'setSubtitle':
    case 'setNotes': {
      const key = op.op === 'setTitle' ? 'title' : op.op === 'setSubtitle' ? 'subtitle' : 'notes';
      const f = freeOf(op.slideId);
      if (f) {
        if (key === 'subtitle') throw E('自由页面没有副标题', 'A free slide has no subtitle');
        f[key] = op.text;
        break;
      }
      setText(op.slideId, (t, b) => {
        // writing back the built text removes the override, so the slide follows the data again
        const builtText = key === 'title' ? b.title : key === 'subtitle' ? (b.subtitle ?? '') : b.notes;
        if (op.text === builtText) delete t[key];
        else t[key] = op.text;
        return t;
      });
      break;
    }
    case 'setFinding': {
      const f = freeOf(op.slideId);
      if (f) {
        const p = f.findings.find((x) => x.id === op.findingId);
        if (!p) throw E(`页面 ${op.slideId} 没有段落 ${op.findingId}`, `Slide ${op.slideId} has no paragraph ${op.findingId}`);
        p.text = op.text;
        break;
      }
      setText(op.slideId, (t, b) => {
        const bf = b.findings.find((x) => x.id === op.findingId);
        if (!bf) throw E(`页面 ${op.slideId} 没有发现 ${op.findingId}`, `Slide ${op.slideId} has no finding ${op.findingId}`);
        const findings = { ...(t.findings ?? {}) };
        if (op.text === bf.text) delete findings[op.findingId];
        else findings[op.findingId] = op.text;
        if (Object.keys(findings).length > 0) t.findings = findings;
        else delete t.findings;
        return t;
      });
      break;
    }
    case 'hide':
      find(op.slideId);
      if (!next.hidden.includes(op.slideId)) next.hidden = [...next.hidden, op.slideId];
      break;
    case 'show':
      find(op.slideId);
      next.hidden = next.hidden.filter((id) => id !== op.slideId);
      break;
    case 'move': {
      find(op.slideId);
      const ids = orderIds().filter((id) => id !== op.slideId);
      ids.splice(Math.min(op.toIndex, ids.length), 0, op.slideId);
      next.order = ids;
      break;
    }
    case 'duplicate': {
      const s = find(op.slideId);
      const n = next.nextId++;
      let id: string;
      if (s.origin === 'free') {
        // a copy of a free slide is a free slide
        id = `free-${n}`;
        const f = freeOf(s.id) as FreeSlide;
        next.free = [...next.free, { ...f, id, findings: f.findings.map((x) => ({ ...x })) }];
      } else {
        const sourceId = s.sourceId ?? s.id;
        id = `dup-${sourceId}-${n}`;
        next.duplicates = [...next.duplicates, { id, sourceId }];
        const t = next.text[s.id];
        if (t) next.text[id] = { ...t, ...(t.findings ? { findings: { ...t.findings } } : {}) };
      }
      const ids = orderIds();
      ids.splice(ids.indexOf(s.id) + 1, 0, id);
      next.order = ids;
      break;
    }
    case 'addFree': {
      if (op.afterId !== undefined) find(op.afterId);
      const id = `free-${next.nextId++}`;
      next.free = [
        ...next.free,
        { id, title: op.title ?? (language === 'en' ? 'New slide' : '新页面'), findings: [{ id: 'f1', text: '' }], notes: '' },
      ];
      const ids = orderIds();
      ids.splice(op.afterId === undefined ? ids.length : ids.indexOf(op.afterId) + 1, 0, id);
      next.order = ids;
      break;
    }
    case 'deleteFree': {
      const s = find(op.slideId);
      if (s.origin === 'built') throw E('系统生成的页面不能删除，只能隐藏', 'A built slide cannot be deleted, only hidden');
      next.free = next.free.filter((f) => f.id !== s.id);
      next.duplicates = next.duplicates.filter((d) => d.id !== s.id);
      next.order = next.order.filter((id) => id !== s.id);
      next.hidden = next.hidden.filter((id) => id !== s.id);
      delete next.text[s.id];
      break;
    }
    case 'addFinding': {
      const f = freeOf(op.slideId);
      if (!f) throw E('只能在自由页面上添加段落', 'Paragraphs can only be added to a free slide');
      if (f.findings.length >= 12) throw E('一页最多 12 段', 'At most 12 paragraphs per slide');
      let k = f.findings.length + 1;
      while (f.findings.some((x) => x.id === `f${k}`)) k++;
      f.findings.push({ id: `f${k}`, text: op.text ?? '' });
      break;
    }
    case 'deleteFinding': {
      const f = freeOf(op.slideId);
      if (!f) throw E('只能删除自由页面上的段落', 'Only a free slide’s paragraphs can be deleted');
      if (!f.findings.some((x) => x.id === op.findingId)) throw E(`页面 ${op.slideId} 没有段落 ${op.findingId}`, `Slide ${op.slideId} has no paragraph ${op.findingId}`);
      f.findings = f.findings.filter((x) => x.id !== op.findingId);
      break;
    }
    case 'resetSlide':
      find(op.slideId);
      delete next.text[op.slideId];
      break;
  }
  return next;
}
