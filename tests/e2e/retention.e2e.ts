/**
 * 总览 → 保有率 card in the browser: it opens the demo (which ships 拍照成员),
 * reads the card's four figures — groups and members, count and value — and
 * checks they are the very numbers `holdfast analyze --json` prints for the
 * same workspace (retentionAt on both sides), that each opens its trace, and
 * that choosing another 拍照期 on the settings page moves the card and the
 * CLI together (the member half then says the snapshot is of another month).
 * Screenshots of the card in Chinese and English.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatPercent } from '../../shared/review/format';
import { ROOT } from './support/app';
import { withDemoApp } from './support/demoApp';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

interface Fig {
  value: number | null;
  trace: { rule: { zh: string; en: string } };
}
interface CliRetention {
  snapshot: string;
  source: string;
  asOf: string;
  reason: { zh: string; en: string } | null;
  groups: { snapshotCount: number; stillActive: number; count: Fig; value: Fig } | null;
  members: { snapshotCount: number; stillActive: number; count: Fig; value: Fig } | null;
  membersReason: { zh: string; en: string } | null;
}

let tmp: string;
let page: Page;

function holdfast(...args: string[]): string {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'holdfast.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`holdfast ${args[0] ?? ''} failed: ${r.stderr}`);
  return r.stdout;
}

function analyzeRetention(ws = path.join(tmp, 'data', 'workspaces', 'demo')): CliRetention {
  return (JSON.parse(holdfast('analyze', '--workspace', ws, '--json', '--top', '0')) as { retention: CliRetention }).retention;
}

async function value(id: string): Promise<number | null> {
  const raw = await page.getByTestId(id).getAttribute('data-value');
  return raw === null || raw === '' ? null : Number(raw);
}

async function shot(name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  const card = page.getByTestId('retention-card');
  for (const file of [path.join(SHOTS, `${name}.png`), `/tmp/h15r-${name}.png`]) await card.screenshot({ path: file });
}

const fixture = withDemoApp({ prefix: 'hf-retention-e2e-' });
beforeAll(() => {
  ({ tmp, page } = fixture);
  fs.mkdirSync(SHOTS, { recursive: true });
});

describe('总览 保有率 card', () => {
  it('shows the same four figures as analyze --json, each with its trace', async () => {
    const card = page.getByTestId('retention-card');
    await card.waitFor();
    const cli = analyzeRetention();
    expect(cli.snapshot).toBe('2025-10');
    expect(cli.source).toBe('monthsBack');
    expect(await card.getAttribute('data-snapshot')).toBe(cli.snapshot);
    expect(await card.getAttribute('data-as-of')).toBe(cli.asOf);
    await expect.poll(() => card.locator('.kpi-title').innerText()).toContain('保有率（对比 2025-10 拍照）');
    const g = cli.groups;
    const m = cli.members;
    expect(g).not.toBeNull();
    expect(m).not.toBeNull();
    if (!g || !m) return;
    // the demo's members give real figures: not empty, not 0, not 100%
    for (const f of [g.count, g.value, m.count, m.value]) {
      expect(f.value).not.toBeNull();
      expect(f.value ?? 0).toBeGreaterThan(0.5);
      expect(f.value ?? 1).toBeLessThan(1);
    }
    const ui = {
      groupsCount: await value('retention-groups-count'),
      groupsValue: await value('retention-groups-value'),
      membersCount: await value('retention-members-count'),
      membersValue: await value('retention-members-value'),
    };
    expect(ui).toEqual({ groupsCount: g.count.value, groupsValue: g.value.value, membersCount: m.count.value, membersValue: m.value.value });
    // shown through the one formatter
    expect(await page.getByTestId('retention-groups-count-display').innerText()).toBe(formatPercent(g.count.value));
    expect(await page.getByTestId('retention-members-value-display').innerText()).toBe(formatPercent(m.value.value));
    expect(await page.getByTestId('retention-groups').innerText()).toContain(`${g.stillActive} / ${g.snapshotCount}`);
    expect(await page.getByTestId('retention-members').innerText()).toContain(`${m.stillActive.toLocaleString('en-US')} / ${m.snapshotCount.toLocaleString('en-US')}`);
    // value below count: said beside the figures, as the difference of the two rates shown, with its rule
    const gap = page.getByTestId('retention-members-gap');
    await gap.waitFor();
    const shown = (v: number | null) => Number(formatPercent(v).replace('%', ''));
    const pp = Math.round((shown(m.count.value) - shown(m.value.value)) * 10) / 10;
    expect(Number(await gap.getAttribute('data-value'))).toBe(pp);
    expect(await gap.innerText()).toContain(`${pp.toFixed(1)}个百分点`);
    await gap.hover();
    await expect.poll(() => page.locator('.ant-popover:visible').last().innerText()).toContain(`数量保有率 ${formatPercent(m.count.value)} − 价值保有率 ${formatPercent(m.value.value)}`);
    await page.mouse.move(0, 0);
    // each number opens its trace: rule, inputs, settings
    await page.getByTestId('retention-members-value').hover();
    const pop = page.locator('.ant-popover:visible').last();
    await pop.waitFor();
    await expect.poll(() => pop.innerText()).toContain(m.value.trace.rule.zh.slice(0, 12));
    expect(await pop.innerText()).toContain('拍照期');
    await page.screenshot({ path: '/tmp/h15r-retention-trace-zh.png' });
    await shot('retention-card-zh');
  });

  it('reads in English', async () => {
    await page.getByTestId('language-switch').click();
    const card = page.getByTestId('retention-card');
    await expect.poll(() => card.locator('.kpi-title').innerText()).toContain('Retention (vs 2025-10 snapshot)');
    const text = await card.innerText();
    expect(text).not.toMatch(/[\u4e00-\u9fff（），：；]/);
    await shot('retention-card-en');
    await page.getByTestId('language-switch').click();
    await page.getByTestId('nav-overview').getByText('总览').waitFor();
  });

  it('another 拍照期 on the settings page moves the card and the CLI together', async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-preview').waitFor();
    await page.getByRole('button', { name: '保有率' }).click();
    const picker = page.getByTestId('setting-retention.snapshotPeriod');
    await picker.click();
    await picker.fill('2026-04');
    await picker.press('Enter');
    await expect.poll(() => analyzeRetention().snapshot, { timeout: 10_000 }).toBe('2026-04');
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path: '/tmp/h15r-settings-retention-zh.png', fullPage: true });
    const cli = analyzeRetention();
    expect(cli.source).toBe('setting');
    expect(cli.members).toBeNull();
    expect(cli.membersReason?.zh).toBe('拍照成员为 2025-10，没有 2026-04 的拍照成员');
    await page.getByTestId('nav-overview').click();
    const card = page.getByTestId('retention-card');
    await expect.poll(() => card.getAttribute('data-snapshot'), { timeout: 10_000 }).toBe('2026-04');
    expect(await value('retention-groups-count')).toBe(cli.groups?.count.value);
    expect(await value('retention-groups-value')).toBe(cli.groups?.value.value);
    expect(await page.getByTestId('retention-members-empty').innerText()).toContain('拍照成员为 2025-10');
    await shot('retention-card-setting-zh');
    // clearing the month goes back to 12 months before the analysis month
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-preview').waitFor();
    await page.getByRole('button', { name: '保有率' }).click();
    await page.getByTestId('reset-retention.snapshotPeriod').click();
    await expect.poll(() => analyzeRetention().snapshot, { timeout: 10_000 }).toBe('2025-10');
  });

  it('a workspace without 拍照成员: the member half says none is imported, the group half still matches the CLI', async () => {
    // the demo's workbooks (group master and billing, no member list) imported into a workspace of their own
    const wb = path.join(tmp, 'workbooks');
    const plain = path.join(tmp, 'plain');
    holdfast('demo', '--out', wb);
    holdfast('import', path.join(wb, '集团客户资料.xlsx'), path.join(wb, '月度出账.xlsx'), '--workspace', plain, '--create');
    const cli = analyzeRetention(plain);
    expect(cli.members).toBeNull();
    expect(cli.membersReason).toEqual({ zh: '未导入拍照成员', en: 'No member snapshot imported' });
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('tab-workspaces').click();
    await page.getByTestId('ws-open-folder').click();
    await page.getByTestId('ws-dialog-input').fill(plain);
    await page.getByTestId('ws-dialog-ok').click();
    // the dialog closes once the folder's workspace is open (a 600-group workspace: seconds on a busy machine)
    await page.getByTestId('ws-dialog-input').waitFor({ state: 'hidden', timeout: 90_000 });
    await page.getByTestId('nav-overview').click();
    const empty = page.getByTestId('retention-members-empty');
    await expect.poll(() => empty.innerText(), { timeout: 20_000 }).toContain('未导入拍照成员');
    expect(await page.getByTestId('retention-card').getAttribute('data-snapshot')).toBe(cli.snapshot);
    expect(await value('retention-groups-count')).toBe(cli.groups?.count.value);
    expect(await value('retention-groups-value')).toBe(cli.groups?.value.value);
    await shot('retention-card-empty-zh');
    await page.getByTestId('language-switch').click();
    await expect.poll(() => empty.innerText()).toContain('No member snapshot imported');
    await shot('retention-card-empty-en');
    await page.getByTestId('language-switch').click();
  });
});
