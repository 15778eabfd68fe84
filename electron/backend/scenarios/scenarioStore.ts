/**
 * Scenarios and library edits in workspace.json sections ('scenarios',
 * 'scenarioLibrary'), saved atomically by the workspace. What is read is
 * validated item by item: an item that does not validate (a newer version,
 * a hand edit) is kept as it is and written back untouched, never dropped.
 * Results are not stored: they are recomputed deterministically from the
 * scenario, its seed and the data (and cached in memory by the handlers).
 */
import { z } from 'zod';
import { CompetitorMoveSchema, CounterMeasureSchema, ScenarioDefinitionSchema, type LibraryEdits, type ScenarioDefinition } from '../../../shared/scenarios';
import type { OpenWorkspace } from '../storage/workspaceStore';

const LastRunSchema = z.object({
  runAt: z.string(),
  netBenefit: z.object({ expected: z.number().nullable(), p10: z.number().nullable(), p90: z.number().nullable() }),
  /** hash of what the result depends on (definition without bookkeeping, library) when it ran */
  inputHash: z.string(),
});
export type LastRun = z.infer<typeof LastRunSchema>;
const SectionSchema = z.object({ version: z.literal(1), scenarios: z.array(z.unknown()), lastRuns: z.record(z.string(), z.unknown()).optional() });
const LibrarySectionSchema = z.object({ version: z.literal(1), moves: z.array(z.unknown()), counters: z.array(z.unknown()) });

interface Stored<T> {
  valid: T[];
  /** items that did not validate, kept verbatim */
  unreadable: unknown[];
}

function split<T>(items: unknown[], schema: z.ZodType<T>): Stored<T> {
  const valid: T[] = [];
  const unreadable: unknown[] = [];
  for (const item of items) {
    const r = schema.safeParse(item);
    if (r.success) valid.push(r.data);
    else unreadable.push(item);
  }
  return { valid, unreadable };
}

type SectionHost = Pick<OpenWorkspace, 'section' | 'saveSection'>;

export class ScenarioStore {
  constructor(private readonly ws: SectionHost) {}

  private readScenarios(): Stored<ScenarioDefinition> {
    const raw = this.ws.section('scenarios');
    if (raw === undefined) return { valid: [], unreadable: [] };
    const parsed = SectionSchema.safeParse(raw);
    // a section of another shape is kept whole as one unreadable item rather than overwritten silently
    if (!parsed.success) return { valid: [], unreadable: [raw] };
    return split(parsed.data.scenarios, ScenarioDefinitionSchema);
  }

  list(): ScenarioDefinition[] {
    return this.readScenarios().valid;
  }

  /** how many stored scenarios could not be read (shown, never deleted) */
  unreadableCount(): number {
    return this.readScenarios().unreadable.length;
  }

  get(id: string): ScenarioDefinition | undefined {
    return this.list().find((s) => s.id === id);
  }

  private rawLastRuns(): Record<string, unknown> {
    const parsed = SectionSchema.safeParse(this.ws.section('scenarios'));
    return parsed.success ? (parsed.data.lastRuns ?? {}) : {};
  }

  /** The headline of each scenario's last Monte Carlo run (for the list). */
  lastRun(id: string): LastRun | null {
    const r = LastRunSchema.safeParse(this.rawLastRuns()[id]);
    return r.success ? r.data : null;
  }

  async setLastRun(id: string, run: LastRun): Promise<void> {
    const { valid, unreadable } = this.readScenarios();
    if (!valid.some((s) => s.id === id)) return;
    await this.write(valid, unreadable, { ...this.rawLastRuns(), [id]: run });
  }

  private async write(valid: ScenarioDefinition[], unreadable: unknown[], lastRuns: Record<string, unknown> = this.rawLastRuns()): Promise<void> {
    const ids = new Set(valid.map((s) => s.id));
    // runs of deleted scenarios go with them
    const runs = Object.fromEntries(Object.entries(lastRuns).filter(([id]) => ids.has(id)));
    await this.ws.saveSection('scenarios', { version: 1, scenarios: [...valid, ...unreadable], lastRuns: runs });
  }

  async put(scenario: ScenarioDefinition): Promise<void> {
    const { valid, unreadable } = this.readScenarios();
    const i = valid.findIndex((s) => s.id === scenario.id);
    const next = i < 0 ? [...valid, scenario] : valid.map((s) => (s.id === scenario.id ? scenario : s));
    await this.write(next, unreadable);
  }

  /** Replaces every scenario at once (setPlan touches several). */
  async putAll(scenarios: ScenarioDefinition[]): Promise<void> {
    await this.write(scenarios, this.readScenarios().unreadable);
  }

  async remove(id: string): Promise<boolean> {
    const { valid, unreadable } = this.readScenarios();
    const next = valid.filter((s) => s.id !== id);
    if (next.length === valid.length) return false;
    await this.write(next, unreadable);
    return true;
  }

  private readEdits(): { edits: LibraryEdits; unreadable: { moves: unknown[]; counters: unknown[] } } {
    const raw = this.ws.section('scenarioLibrary');
    const parsed = raw === undefined ? null : LibrarySectionSchema.safeParse(raw);
    if (!parsed?.success) return { edits: { version: 1, moves: [], counters: [] }, unreadable: { moves: [], counters: [] } };
    const moves = split(parsed.data.moves, CompetitorMoveSchema);
    const counters = split(parsed.data.counters, CounterMeasureSchema);
    return { edits: { version: 1, moves: moves.valid, counters: counters.valid }, unreadable: { moves: moves.unreadable, counters: counters.unreadable } };
  }

  libraryEdits(): LibraryEdits {
    return this.readEdits().edits;
  }

  async saveLibraryEdits(edits: LibraryEdits): Promise<void> {
    const { unreadable } = this.readEdits();
    await this.ws.saveSection('scenarioLibrary', { version: 1, moves: [...edits.moves, ...unreadable.moves], counters: [...edits.counters, ...unreadable.counters] });
  }
}
