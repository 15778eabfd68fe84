/**
 * Import fuzzing: seeded mutations of the import fixtures through the real
 * import worker (time and heap limits, the public reader entry), a subset also
 * through `holdfast import` with the workspace compared byte for byte after a
 * refused import. 500 cases here; `npm run test:soak` runs 10,000
 * (HOLDFAST_FUZZ_CASES, HOLDFAST_FUZZ_SEED, HOLDFAST_FUZZ_CLI_EVERY).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWorkspace } from '../../electron/backend/storage/workspaceStore';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzSources, harness, mutant, ROOT, saveFinding, savedFindings, type CaseResult, type Harness, type Outcome } from '../fuzz/harness';

const COUNT = Number(process.env.HOLDFAST_FUZZ_CASES ?? 500);
const SEED = Number(process.env.HOLDFAST_FUZZ_SEED ?? 20261203);
const CLI_EVERY = Number(process.env.HOLDFAST_FUZZ_CLI_EVERY ?? 25);
const PEAK_LIMIT_KB = 1024 * 1024;

describe('import fuzzing', () => {
  let h: Harness;
  beforeAll(async () => {
    expect(fs.existsSync(path.join(ROOT, 'dist', 'import-worker.mjs')), 'run npm run build first').toBe(true);
    h = await harness();
  });
  afterAll(async () => {
    await h.close();
  });

  it(`${COUNT} mutated files (seed ${SEED}) and the saved findings: each imports or is refused clearly, within 20 s, memory bounded`, async () => {
    const sources = fuzzSources();
    expect(sources.length).toBeGreaterThan(10);
    const counts: Record<Outcome, number> = { imported: 0, refused: 0, 'stopped-by-limit': 0, crash: 0, hang: 0, unclear: 0 };
    const byStrategy = new Map<string, number>();
    const bad: (CaseResult & { saved: string })[] = [];
    let slowest = 0;
    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 25);
    const rssAtStart = process.resourceUsage().maxRSS;
    const saved = savedFindings();
    const total = saved.length + COUNT;
    const started = Date.now();
    for (let k = 0; k < total; k++) {
      const m = k < saved.length ? (saved[k] as (typeof saved)[number]) : mutant(sources, SEED, k - saved.length);
      const r = await h.runCase(m);
      counts[r.outcome]++;
      byStrategy.set(m.strategy, (byStrategy.get(m.strategy) ?? 0) + 1);
      slowest = Math.max(slowest, r.ms);
      if (r.outcome === 'crash' || r.outcome === 'hang' || r.outcome === 'unclear') bad.push({ ...r, saved: saveFinding(m, r) });
    }
    clearInterval(sampler);
    const maxRssKb = process.resourceUsage().maxRSS;
    console.log(
      `FUZZ ${JSON.stringify({ cases: total, savedFindings: saved.length, seed: SEED, seconds: (Date.now() - started) / 1000, ...counts, slowestMs: slowest, peakRssMb: Math.round(peakRss / 1048576), maxRssMb: Math.round(maxRssKb / 1024), maxRssBeforeMb: Math.round(rssAtStart / 1024), strategies: Object.fromEntries(byStrategy) })}`,
    );
    for (const b of bad.slice(0, 20)) console.log(`FUZZ finding ${b.id} ${b.strategy} ${b.fileName} ${b.outcome} ${b.ms} ms: ${b.message.slice(0, 300)} → ${b.saved}`);
    expect(bad.map((b) => `${b.id} ${b.strategy} ${b.outcome}: ${b.message.slice(0, 120)}`)).toEqual([]);
    expect(slowest).toBeLessThan(20_000);
    // The whole test process (this thread and every import worker) stays under 1 GB.
    expect(maxRssKb).toBeLessThan(PEAK_LIMIT_KB);
    // Both kinds of ending occur: a mutator that only breaks files (or never does) would prove little.
    expect(counts.imported).toBeGreaterThan(0);
    expect(counts.refused).toBeGreaterThan(0);
  }, 60 * 60_000);

  it(`every ${CLI_EVERY}th case through holdfast import: exit 0 or 1, no signal, under 20 s and 1 GB, the workspace byte-identical when refused`, async () => {
    const sources = fuzzSources();
    const picks = Array.from({ length: Math.max(1, Math.floor(COUNT / CLI_EVERY)) }, (_, i) => mutant(sources, SEED, i * CLI_EVERY));
    let refused = 0;
    let peakKb = 0;
    const bad: string[] = [];
    for (const m of picks) {
      const r = await h.runCli(m);
      peakKb = Math.max(peakKb, r.maxRssKb);
      if (r.outcome === 'refused') refused++;
      if (r.outcome === 'crash' || r.outcome === 'hang' || r.workspaceUnchanged === false) {
        saveFinding(m, r);
        bad.push(`${m.id} ${m.strategy} ${r.outcome} unchanged=${String(r.workspaceUnchanged)} ${r.message.slice(0, 200)}`);
      }
    }
    console.log(`FUZZ-CLI ${JSON.stringify({ cases: picks.length, refused, imported: picks.length - refused - bad.length, peakRssMb: Math.round(peakKb / 1024) })}`);
    expect(bad).toEqual([]);
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb).toBeLessThan(PEAK_LIMIT_KB);
  }, 60 * 60_000);

  it('holdfast import stops at its time limit: exit 1, a message naming the file, nothing committed', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-fuzz-limit-'));
    const ws = path.join(tmp, 'ws');
    await createWorkspace(ws, { name: 'w', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
    const before = fs.readFileSync(path.join(ws, 'workspace.json'));
    const file = path.join(tmp, '出账.csv');
    const lines = ['集团编码,集团名称,账期,出账收入,成员数'];
    for (let i = 0; i < 200_000; i++) lines.push(`0571${String(i).padStart(6, '0')},集团${i},202403,${i % 997},${i % 50}`);
    fs.writeFileSync(file, lines.join('\n'));
    const t0 = Date.now();
    const r = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'cli.mjs'), 'import', file, '--workspace', ws], { encoding: 'utf8', env: { ...process.env, HOLDFAST_IMPORT_TIME_LIMIT_S: '0.2' } });
    expect(r.status).toBe(1);
    expect(Date.now() - t0).toBeLessThan(15_000);
    expect(r.stderr).toContain('出账.csv: reading took longer than 0.2 s and was stopped');
    expect(fs.readFileSync(path.join(ws, 'workspace.json')).equals(before)).toBe(true);
    fs.rmSync(tmp, { recursive: true, force: true });
  }, 60_000);
});
