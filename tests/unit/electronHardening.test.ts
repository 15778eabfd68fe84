/** Electron hardening that can be checked without the runtime: external links, the production menu, the fuses. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { menuTemplate } from '../../electron/main/menuTemplate';
import { EXTERNAL_LINK_ORIGINS, isAllowedExternalUrl } from '../../electron/security/externalLinks';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

function roles(items: unknown): string[] {
  const out: string[] = [];
  for (const item of items as { role?: string; submenu?: unknown }[]) {
    if (item.role) out.push(item.role);
    if (Array.isArray(item.submenu)) for (const r of roles(item.submenu)) out.push(r);
  }
  return out;
}

describe('electron hardening', () => {
  it('opens only allow-listed https origins in the OS browser', () => {
    expect(EXTERNAL_LINK_ORIGINS).toEqual([]);
    expect(isAllowedExternalUrl('https://evil.example/')).toBe(false);
    const list = ['https://help.example.cn'];
    expect(isAllowedExternalUrl('https://help.example.cn/guide?a=1', list)).toBe(true);
    for (const bad of [
      'https://help.example.cn.evil.example/',
      'http://help.example.cn/',
      'https://user:pw@help.example.cn/',
      'https://help.example.cn:8443/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'smb://host/share',
      'ms-msdt:/id PCWDiagnostic',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(bad, list), bad).toBe(false);
    }
    // main.ts calls openExternal only behind the allow-list.
    const main = fs.readFileSync(path.join(ROOT, 'electron', 'main', 'main.ts'), 'utf8');
    const calls = main.split('\n').filter((l) => l.includes('shell.openExternal('));
    expect(calls.length).toBeGreaterThan(0);
    for (const l of calls) expect(l).toContain('isAllowedExternalUrl(');
  });

  it('has no DevTools or reload in the packaged menu', () => {
    for (const platform of ['win32', 'darwin', 'linux'] as const) {
      const prod = roles(menuTemplate({ platform, devTools: false }));
      expect(prod).not.toContain('toggleDevTools');
      expect(prod).not.toContain('reload');
      expect(prod).not.toContain('forceReload');
      expect(prod).toContain('quit');
      expect(roles(menuTemplate({ platform, devTools: true }))).toContain('toggleDevTools');
    }
    const main = fs.readFileSync(path.join(ROOT, 'electron', 'main', 'main.ts'), 'utf8');
    expect(main).toMatch(/const devTools = !app\.isPackaged/);
    expect(main).toMatch(/devTools,/);
  });

  it('flips the Electron fuses in the packaged build', () => {
    const yml = fs.readFileSync(path.join(ROOT, 'build', 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?: {2}\w+: (?:true|false)\n?)+)/m.exec(yml)?.[1] ?? '';
    const fuses = Object.fromEntries([...block.matchAll(/ {2}(\w+): (true|false)/g)].map((m) => [m[1], m[2] === 'true']));
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(yml).toMatch(/^asar: true$/m);
  });
});
