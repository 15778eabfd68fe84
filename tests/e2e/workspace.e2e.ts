/**
 * Workspaces in the browser: a note typed in the actions log autosaves (and Ctrl+S saves at
 * once) so it survives a SIGKILL of the backend; 设置 → 备份 lists and restores backups;
 * a .holdfast export imported as a new workspace gives identical analysis results; a
 * workspace another process holds opens read-only with a banner. Screenshots in zh and en.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRequest, ApiResponse, Channel } from '../../shared/api/contract';
import { acquireWorkspaceLock } from '../../electron/backend/storage/workspaceLock';
import { ROOT, startApp, type RunningApp } from './support/app';
import { launchChromium } from './support/chromium';

const SHOTS = path.join(ROOT, 'tests', 'e2e', 'screenshots');

let tmp: string;
let browser: Browser;
let app: RunningApp;
let page: Page;

/** The same API the UI uses, from the test (with the launch token). */
async function api<C extends Channel>(channel: C, request: ApiRequest<C>): Promise<ApiResponse<C>> {
  const res = await fetch(`${app.origin}/api/${channel}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': app.token }, body: JSON.stringify(request) });
  const envelope = (await res.json()) as { ok: true; data: ApiResponse<C> } | { ok: false; error: { message: { en: string } } };
  if (!envelope.ok) throw new Error(envelope.error.message.en);
  return envelope.data;
}

async function saveState(): Promise<string | null> {
  return page.getByTestId('save-state').getAttribute('data-status');
}

async function openSettingsTab(tab: 'backups' | 'workspaces'): Promise<void> {
  await page.getByTestId('nav-overview').click(); // a fresh 设置 page: its lists load on mount
  await page.getByTestId('nav-settings').click();
  await page.getByTestId(`tab-${tab}`).click();
  await page.getByTestId(tab === 'backups' ? 'backups-table' : 'workspaces-table').waitFor();
  await page.waitForTimeout(500); // the tab's slide and fade, so screenshots show the settled page
}

async function setLanguage(lang: 'zh' | 'en'): Promise<void> {
  const isEn = (await page.getByTestId('language-switch').innerText()).trim() === '中文';
  if ((lang === 'en') !== isEn) await page.getByTestId('language-switch').click();
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-workspace-e2e-'));
  fs.mkdirSync(SHOTS, { recursive: true });
  app = await startApp('server', path.join(tmp, 'data'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  await page.goto(app.url);
  // Without a workspace, the welcome page also offers the manager (open folder, import .holdfast).
  await page.getByTestId('workspaces-panel').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, 'workspace-welcome-zh.png') });
  await page.getByTestId('open-demo').click();
  await page.getByTestId('overview-page').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop('SIGKILL');
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('workspaces that never lose work', () => {
  let groupCode = '';

  it('autosaves an action note, saves on Ctrl+S, and keeps it through a SIGKILL of the backend', async () => {
    groupCode = (await api('analysis.get', {})).warnings[0]?.groupCode ?? '';
    expect(groupCode).not.toBe('');
    expect(await saveState()).toBe('saved');
    expect(await page.title()).toMatch(/^Holdfast — .+ • 已保存$/);

    await page.getByTestId('nav-warnings').click();
    await page.getByTestId('warnings-search').locator('input').fill(groupCode);
    await page.getByTestId(`open-detail-${groupCode}`).click();
    await page.getByTestId('action-add').click();
    await page.getByTestId('action-text').fill('上门拜访，续签专线');
    await page.getByTestId('action-save').click();
    await page.getByTestId('actions-list').getByText('上门拜访，续签专线').waitFor();

    // Edit the note: it autosaves after a pause, the top bar and the window title follow.
    await page.getByTestId('actions-list').getByRole('button', { name: '编辑' }).click();
    await page.getByTestId('action-note').fill('客户关注资费，下周三再访');
    await page.locator('[data-testid="save-state"][data-status="unsaved"]').waitFor();
    expect(await page.title()).toContain('• 未保存');
    await page.locator('[data-testid="save-state"][data-status="saved"]').waitFor({ timeout: 10_000 });
    expect((await api('actions.list', { groupCode }))[0]?.note).toBe('客户关注资费，下周三再访');

    // Type again and save at once with Ctrl+S, then kill the backend without warning.
    await page.getByTestId('action-note').fill('客户关注资费，周三已约好再访');
    await page.locator('[data-testid="save-state"][data-status="unsaved"]').waitFor();
    await page.keyboard.press('Control+s');
    await page.locator('[data-testid="save-state"][data-status="saved"]').waitFor({ timeout: 5_000 });
    await app.stop('SIGKILL');

    app = await startApp('server', path.join(tmp, 'data'));
    expect((await api('actions.list', { groupCode })).map((a) => a.note)).toEqual(['客户关注资费，周三已约好再访']);
    await page.goto(app.url);
    await page.getByTestId('warnings-page').waitFor();
    await page.getByTestId('warnings-search').locator('input').fill(groupCode);
    await page.getByTestId(`open-detail-${groupCode}`).click();
    await page.getByTestId('actions-list').getByText('客户关注资费，周三已约好再访', { exact: false }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-testid^=group-detail-]').waitFor({ state: 'detached' });
    await page.getByTestId('warnings-search').locator('input').fill('');
  }, 120_000);

  it('lists backups with time, size and reason, and restores one (backing up the current state first)', async () => {
    await openSettingsTab('backups');
    const rows = page.getByTestId('backups-table').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    const first = await rows.first().innerText();
    expect(first).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(first).toMatch(/\d+(\.\d)? (KB|MB)/);
    await page.getByTestId('backups-table').getByText('行动记录').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'workspace-backups-zh.png') });
    await setLanguage('en');
    await page.getByTestId('backups-table').getByText('Actions log').first().waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'workspace-backups-en.png') });
    await setLanguage('zh');

    // Restore the state before the action was recorded.
    const backups = await api('backups.list', {});
    const current = backups[0]; // the state now: the restore backs it up unless this one already is it
    if (!current) throw new Error('no backups');
    const beforeAction = backups.find((b) => b.reason === 'create' || b.reason === 'open');
    if (!beforeAction) throw new Error('no backup from before the action');
    await page.getByTestId(`restore-${beforeAction.id}`).click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '恢复' }).click();
    await page.getByText('恢复前的状态已备份').waitFor();
    expect(await api('actions.list', { groupCode })).toEqual([]);
    const after = await api('backups.list', {});
    expect(after[0]?.reason).toBe('restore');
    expect(after.some((b) => b.id === current.id)).toBe(true);
    // …and back again: the restore itself is undone by restoring the state before it.
    await page.getByTestId('backups-table').getByText('恢复备份').first().waitFor();
    // the first confirmation must be gone (it fades out) before the second one opens
    await expect.poll(() => page.locator('.ant-popconfirm:visible').count()).toBe(0);
    await page.getByTestId(`restore-${current.id}`).click();
    await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '恢复' }).click();
    await expect.poll(async () => (await api('actions.list', { groupCode })).map((a) => a.note)).toEqual(['客户关注资费，周三已约好再访']);
  }, 60_000);

  it('exports a .holdfast and imports it as a new workspace with identical analysis results', async () => {
    const analysis = await api('analysis.get', {});
    const originalPath = (await api('workspace.status', {})).path;
    await openSettingsTab('workspaces');
    await page.screenshot({ path: path.join(SHOTS, 'workspace-manager-zh.png') });
    await setLanguage('en');
    await page.getByTestId('workspaces-table').getByText('Current').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'workspace-manager-en.png') });
    await setLanguage('zh');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ws-export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.holdfast$/);
    const file = path.join(tmp, download.suggestedFilename());
    await download.saveAs(file);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);

    await page.getByTestId('workspaces-panel').locator('input[type=file]').setInputFiles(file);
    await expect.poll(async () => (await api('workspace.status', {})).path, { timeout: 30_000 }).not.toBe(originalPath);
    const imported = await api('workspace.status', {});
    expect(path.dirname(imported.path ?? '')).toBe(path.join(tmp, 'data', 'workspaces'));
    expect(await api('analysis.get', {})).toEqual(analysis);
    expect((await api('actions.list', { groupCode })).map((a) => a.note)).toEqual(['客户关注资费，周三已约好再访']);

    // A tampered file is refused with a message naming the entry, and nothing is added.
    await openSettingsTab('workspaces');
    const before = fs.readdirSync(path.join(tmp, 'data', 'workspaces')).sort();
    const bytes = fs.readFileSync(file);
    const broken = path.join(tmp, 'broken.holdfast');
    fs.writeFileSync(broken, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await page.getByTestId('workspaces-panel').locator('input[type=file]').setInputFiles(broken);
    await page.getByTestId('ws-error').getByText('不是有效的 .holdfast 文件').waitFor();
    expect(fs.readdirSync(path.join(tmp, 'data', 'workspaces')).sort()).toEqual(before);
  }, 90_000);

  it('opens a workspace another process holds read-only, with a banner naming the holder', async () => {
    const current = await api('workspace.status', {});
    const copy = await api('workspace.duplicate', { path: current.path ?? '', name: '被占用的副本' });
    // This test process plays the other window: it holds the copy's lock.
    const held = await acquireWorkspaceLock(copy.path);
    expect(held.lock).not.toBeNull();
    try {
      await openSettingsTab('workspaces');
      const row = page.getByTestId('workspaces-table').locator('tr', { hasText: '被占用的副本' });
      await row.getByTestId('ws-open').click();
      await page.getByTestId('read-only-banner').waitFor();
      expect(await page.getByTestId('read-only-banner').innerText()).toContain(`进程 ${process.pid}`);
      expect(await saveState()).toBe('read-only');
      expect(await page.title()).toContain('• 只读');
      await page.getByTestId('nav-overview').click();
      await page.getByTestId('read-only-banner').waitFor();
      await page.getByTestId('kpi-groups').waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'workspace-read-only-zh.png') });
      await expect(api('backups.restore', { id: (await api('backups.list', {}))[0]?.id ?? '' })).rejects.toThrow(/read-only/);
    } finally {
      await held.lock?.release();
    }
  }, 60_000);

  it('names the damaged file of a workspace that cannot be opened and opens its newest good backup', async () => {
    const current = await api('workspace.status', {});
    const copy = await api('workspace.duplicate', { path: current.path ?? '', name: '会损坏的副本' });
    const docFile = path.join(copy.path, 'workspace.json');
    fs.writeFileSync(docFile, fs.readFileSync(docFile, 'utf8').replace('会损坏的副本', '被人改过'));
    await openSettingsTab('workspaces');
    await page.getByTestId('workspaces-table').locator('tr', { hasText: '会损坏的副本' }).getByTestId('ws-open').click();
    await page.getByTestId('damage-screen').waitFor();
    expect(await page.getByTestId('damaged-file').innerText()).toContain(docFile);
    await page.screenshot({ path: path.join(SHOTS, 'workspace-damage-zh.png') });
    await page.getByTestId('open-good-backup').click();
    await page.getByTestId('damage-screen').waitFor({ state: 'detached' });
    await expect.poll(async () => (await api('workspace.status', {})).name).toBe('会损坏的副本');
    expect(await page.getByTestId('workspace-name').innerText()).toBe('会损坏的副本');
    // What could not be read was kept, untouched.
    const aside = fs.readdirSync(path.join(copy.path, 'backups')).find((n) => n.startsWith('damaged-')) ?? '';
    expect(fs.readFileSync(path.join(copy.path, 'backups', aside, 'workspace.json'), 'utf8')).toContain('被人改过');

    // The manager with several workspaces, in both languages.
    await openSettingsTab('workspaces');
    expect(await page.getByTestId('workspaces-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: path.join(SHOTS, 'workspace-manager-list-zh.png') });
    await setLanguage('en');
    await page.getByTestId('workspaces-table').getByText('Current').waitFor();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, 'workspace-manager-list-en.png') });
    await setLanguage('zh');
  }, 60_000);
});
