/**
 * The scope (shared/model/scope.ts): a page, deck or analysis restricted to a region or an account
 * manager equals the same on a workspace holding only that scope — through the Backend (the UI's
 * header filter) and in the pure functions.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoBranch } from '../../shared/demo/generateDemoBranch';
import type { Portfolio } from '../../shared/model/portfolio';
import { isWholePortfolio, normaliseScope, partitionPortfolio, restrictPortfolio, scopeFacets, scopeKey, scopeLabel } from '../../shared/model/scope';
import { ScopeSchema } from '../../shared/api/scopeContract';
import { Backend } from '../../electron/backend/backend';
import { createWorkspace } from '../../electron/backend/storage/workspaceStore';
import { parseArgs, UsageError } from '../../electron/cli/args';

const demo = generateDemoBranch().portfolio;
const facets = scopeFacets(demo);
const regionA = facets.region[0]?.value as string;
const regionB = facets.region[1]?.value as string;
const manager = facets.manager[0]?.value as string;

/** a deck without its build time (the only field that differs between two builds) */
const stripTime = <T extends { builtAt: string }>(d: T): Omit<T, 'builtAt'> => {
  const { builtAt: _ignored, ...rest } = d;
  return rest;
};

describe('restrictPortfolio', () => {
  it('keeps the scope’s groups with their facts, and the whole scope is the portfolio itself', () => {
    expect(facets.region.length).toBeGreaterThanOrEqual(2);
    expect(restrictPortfolio(demo, {})).toBe(demo);
    expect(restrictPortfolio(demo, { regions: [' '] })).toBe(demo);
    const a = restrictPortfolio(demo, { regions: [regionA] });
    expect(a.groups.length).toBe(facets.region[0]?.groups);
    expect(a.groups.every((g) => g.region === regionA)).toBe(true);
    const codes = new Set(a.groups.map((g) => g.groupCode));
    expect(a.facts.length).toBe(demo.facts.filter((f) => codes.has(f.groupCode)).length);
    expect(a.facts.length).toBeGreaterThan(0);
    expect(a.facts.length).toBeLessThan(demo.facts.length);
    // two regions: alternatives; region and manager: both hold
    const ab = restrictPortfolio(demo, { regions: [regionB, regionA] });
    expect(ab.groups.length).toBe((facets.region[0]?.groups ?? 0) + (facets.region[1]?.groups ?? 0));
    const am = restrictPortfolio(demo, { regions: [regionA], managers: [manager] });
    expect(am.groups.every((g) => g.region === regionA && g.accountManager === manager)).toBe(true);
  });

  it('carries key persons and member snapshots of the scope’s groups only', () => {
    const g0 = demo.groups.find((g) => g.region === regionA)?.groupCode as string;
    const g1 = demo.groups.find((g) => g.region === regionB)?.groupCode as string;
    const p: Portfolio = {
      ...demo,
      keyPersons: [g0, g1].map((groupCode) => ({ groupCode, role: '决策者', name: 'x', relationshipStrength: 3, lastContactDate: null, competitorContact: null, roleSince: null })),
      memberSnapshots: [g0, g1].map((groupCode) => ({ memberId: `m-${groupCode}`, groupCode, status: 'active' as const, period: null, snapshotArpu: null, currentArpu: null })),
    };
    const a = restrictPortfolio(p, { regions: [regionA] });
    expect(a.keyPersons?.map((k) => k.groupCode)).toEqual([g0]);
    expect(a.memberSnapshots?.map((m) => m.groupCode)).toEqual([g0]);
  });

  it('partitions in one pass exactly as restricting value by value', () => {
    for (const by of ['region', 'manager'] as const) {
      const parts = partitionPortfolio(demo, by);
      expect([...parts.keys()]).toEqual((by === 'region' ? facets.region : facets.manager).map((f) => f.value));
      for (const [value, part] of parts) {
        expect(part).toEqual(restrictPortfolio(demo, by === 'region' ? { regions: [value] } : { managers: [value] }));
      }
    }
  });

  it('normalises, keys and labels scopes, and the contract refuses what is not a scope', () => {
    expect(normaliseScope({ regions: [' B ', 'A', 'B'], managers: [] })).toEqual({ regions: ['A', 'B'] });
    expect(scopeKey({ regions: ['B', 'A'] })).toBe(scopeKey({ regions: ['A', 'B', 'A'] }));
    expect(scopeKey({})).toBe('');
    expect(isWholePortfolio({ managers: [] })).toBe(true);
    expect(scopeLabel({ regions: ['长河片区'], managers: ['张伟'] })).toBe('长河片区 · 张伟');
    expect(ScopeSchema.safeParse({ regions: ['A'] }).success).toBe(true);
    expect(ScopeSchema.safeParse({ region: 'A' }).success).toBe(false);
    expect(ScopeSchema.safeParse({ regions: [''] }).success).toBe(false);
  });
});

describe('CLI flags', () => {
  it('refuses a second --workspace instead of using one of them silently', () => {
    const { flags } = parseArgs(['review', '--workspace', 'a', '--workspace', 'b', '--region', 'X', '--region', 'Y']);
    expect(() => flags.string('workspace')).toThrow(UsageError);
    expect(() => flags.string('workspace')).toThrow(/--workspace was given 2 times \(a, b\)/);
    expect(flags.strings('region')).toEqual(['X', 'Y']);
    expect(() => flags.optionalString('region')).toThrow(/given 2 times/);
  });

  it('reads --pptx as a file for review and as a format switch for batch', () => {
    const review = parseArgs(['review', '--workspace', 'ws', '--pptx', 'out.pptx', '--xlsx', 'out.xlsx']);
    expect(review.flags.string('pptx')).toBe('out.pptx');
    expect(review.flags.string('xlsx')).toBe('out.xlsx');
    expect(review.positionals).toEqual([]);
    const batch = parseArgs(['batch', '--pptx', 'extra', '--workspace', 'ws']);
    expect(batch.flags.has('pptx')).toBe(true);
    expect(batch.positionals).toEqual(['extra']);
    expect(batch.flags.string('workspace')).toBe('ws');
  });
});

describe('the header scope through the Backend equals a workspace holding only that scope', () => {
  let root: string;
  let full: Backend;
  let only: Backend;
  const Q = '2026Q3';
  const inA = demo.groups.filter((g) => g.region === regionA);
  const outside = demo.groups.find((g) => g.region !== regionA) as (typeof demo.groups)[number];

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-scope-'));
    await createWorkspace(path.join(root, 'full'), { name: '全分公司', branchName: null, source: 'empty', portfolio: demo });
    await createWorkspace(path.join(root, 'only'), { name: regionA, branchName: null, source: 'empty', portfolio: restrictPortfolio(demo, { regions: [regionA] }) });
    full = await Backend.start({ dataDir: path.join(root, 'data1'), version: 'test', mode: 'browser' });
    only = await Backend.start({ dataDir: path.join(root, 'data2'), version: 'test', mode: 'browser' });
    await full.openWorkspaceAt(path.join(root, 'full'));
    await only.openWorkspaceAt(path.join(root, 'only'));
    // the same action on a group of the region in both; one outside the region in the full workspace only
    const action = (groupCode: string) => ({ groupCode, cause: 'competition' as const, action: '上门拜访', owner: '王经理', due: '2026-08-15', status: 'open' as const, note: '' });
    for (const b of [full, only]) await b.call('actions.save', action(inA[0]?.groupCode as string));
    await full.call('actions.save', action(outside.groupCode));
  }, 120_000);
  afterAll(async () => {
    await full.close();
    await only.close();
    await fs.rm(root, { recursive: true, force: true });
  });

  it('scope.set restricts the numbers: summary, analysis, overview and the quarterly deck equal the region’s own workspace', async () => {
    const wholeSummary = await full.call('summary.get', {});
    const state = await full.call('scope.set', { scope: { regions: [regionA] } });
    expect(state.groups).toBe(inA.length);
    expect(state.totalGroups).toBe(demo.groups.length);
    expect(state.label).toBe(regionA);
    const summary = await full.call('summary.get', {});
    expect(summary).toEqual(await only.call('summary.get', {}));
    expect(summary.groups.value).toBeLessThan(wholeSummary.groups.value ?? 0);
    expect(await full.call('analysis.get', {})).toEqual(await only.call('analysis.get', {}));
    expect(await full.call('overview.get', { period: Q })).toEqual(await only.call('overview.get', { period: Q }));
    // the deck: titled with the region, and every number (KPIs, findings, charts, the plan's actions) equal
    const scoped = await full.call('review.get', { quarter: Q, language: 'zh-CN' });
    expect(scoped.branchName).toBe(regionA);
    const own = await only.call('review.get', { quarter: Q, language: 'zh-CN', branchName: regionA });
    expect(stripTime(scoped)).toEqual(stripTime(own));
    const en = await full.call('review.export', { quarter: Q, language: 'en', format: 'xlsx' });
    expect(en.fileName).toContain(regionA);
  }, 120_000);

  it('keeps a scoped deck’s edits apart from the whole branch’s, and refuses a region not in the data', async () => {
    await full.call('scope.set', { scope: { regions: [regionA] } });
    await full.call('review.edit', { quarter: Q, language: 'zh-CN', edit: { op: 'setTitle', slideId: 'position', text: '片区标题' } });
    expect((await full.call('review.get', { quarter: Q, language: 'zh-CN' })).slides[0]?.title).toBe('片区标题');
    await full.call('scope.set', { scope: {} });
    const whole = await full.call('review.get', { quarter: Q, language: 'zh-CN' });
    expect(whole.slides[0]?.title).not.toBe('片区标题');
    expect(whole.branchName).toBe('全分公司');
    const bad = await full.handle('scope.set', { scope: { regions: ['没有这个片区'] } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.message.zh).toContain('没有这个片区');
      expect(bad.error.message.en).toContain('Not in the data');
    }
    expect((await full.call('scope.get', {})).scope).toEqual({});
  }, 120_000);
});
