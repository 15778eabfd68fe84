/**
 * The layer rules in eslint.config.js (issue #17), through ESLint's Node API on the real config:
 * each rule reports a bad import in the folder it guards and lets a good one (or the same import
 * in a folder where it is allowed) through.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js') });
});

/** The no-restricted-imports messages for `code` as if it were the file `file` (relative to the repo). */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  expect(result, file).toBeDefined();
  const fatal = result?.messages.filter((m) => m.fatal) ?? [];
  expect(fatal, `${file} parses`).toEqual([]);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

async function expectRefused(file: string, code: string, why: RegExp): Promise<void> {
  const errors = await layerErrors(file, code);
  expect(errors, `${file}: ${code}`).toHaveLength(1);
  expect(errors[0], `${file}: ${code}`).toMatch(why);
}

async function expectAllowed(file: string, code: string): Promise<void> {
  expect(await layerErrors(file, code), `${file}: ${code}`).toEqual([]);
}

describe('shared/ is pure TypeScript', () => {
  const file = 'shared/analytics/layerProbe.ts';
  it('refuses Node built-ins, with or without node:', async () => {
    await expectRefused(file, "import fs from 'node:fs';\nexport const a = fs;\n", /no Node built-ins/);
    await expectRefused(file, "import { readFileSync } from 'fs';\nexport const a = readFileSync;\n", /no Node built-ins/);
    await expectRefused(file, "import path from 'path';\nexport const a = path;\n", /no Node built-ins/);
    await expectRefused(file, "export { readFile } from 'fs/promises';\n", /no Node built-ins/);
  });
  it('refuses Electron, React and DOM-only libraries', async () => {
    await expectRefused(file, "import { app } from 'electron';\nexport const a = app;\n", /no Electron/);
    await expectRefused(file, "import { useState } from 'react';\nexport const a = useState;\n", /no React or DOM-only/);
    await expectRefused(file, "import { createRoot } from 'react-dom/client';\nexport const a = createRoot;\n", /no React or DOM-only/);
    await expectRefused(file, "import { Button } from 'antd';\nexport const a = Button;\n", /no React or DOM-only/);
    await expectRefused(file, "import * as echarts from 'echarts';\nexport const a = echarts;\n", /no React or DOM-only/);
  });
  it('refuses renderer/ and electron/ code', async () => {
    await expectRefused(file, "import { fmt } from '../../renderer/src/format';\nexport const a = fmt;\n", /only shared/);
    await expectRefused(file, "import { x } from '../../electron/backend/backend';\nexport const a = x;\n", /only shared/);
  });
  it('allows zod and shared/ itself', async () => {
    await expectAllowed(file, "import { z } from 'zod';\nimport { periodIndex } from '../util/period';\nimport type { LocalText } from '../model/trace';\nexport const a = [z, periodIndex] as const;\nexport type T = LocalText;\n");
    // the rules hold in shared/api too, which may import the domain
    await expectRefused('shared/api/layerProbe.ts', "import fs from 'node:fs';\nexport const a = fs;\n", /no Node built-ins/);
    await expectAllowed('shared/api/layerProbe.ts', "import { z } from 'zod';\nimport { TraceSchema } from '../model/trace';\nimport { apiContract } from './contract';\nexport const a = [z, TraceSchema, apiContract] as const;\n");
  });
});

describe('the domain folders of shared/ never import shared/api', () => {
  it('refuses shared/api from a domain folder, type-only and re-exports included', async () => {
    await expectRefused('shared/analytics/layerProbe.ts', "import type { LocalText } from '../api/contract';\nexport type T = LocalText;\n", /never import shared\/api/);
    await expectRefused('shared/review/layerProbe.ts', "export { ActionSchema } from '../api/analysisContract';\n", /never import shared\/api/);
    await expectRefused('shared/model/layerProbe.ts', "import { apiContract } from '../api';\nexport const a = apiContract;\n", /never import shared\/api/);
    await expectRefused('shared/model/deeper/layerProbe.ts', "import { apiContract } from '../../api/contract';\nexport const a = apiContract;\n", /never import shared\/api/);
  });
  it('allows the domain from the domain, and shared/api from shared/api', async () => {
    await expectAllowed('shared/analytics/layerProbe.ts', "import type { LocalText } from '../model/trace';\nimport type { GroupAction } from '../actions/action';\nexport type T = [LocalText, GroupAction];\n");
    await expectAllowed('shared/api/layerProbe.ts', "import { apiContract } from './contract';\nimport { ActionSchema } from './analysisContract';\nexport const a = [apiContract, ActionSchema] as const;\n");
  });
});

describe('electron/backend/ never imports Electron', () => {
  it('refuses electron in the backend, allows it in electron/main', async () => {
    await expectRefused('electron/backend/layerProbe.ts', "import { app } from 'electron';\nexport const a = app;\n", /no Electron imports/);
    await expectRefused('electron/backend/storage/layerProbe.ts', "import { ipcMain } from 'electron/main';\nexport const a = ipcMain;\n", /no Electron imports/);
    await expectAllowed('electron/main/layerProbe.ts', "import { app } from 'electron';\nexport const a = app;\n");
  });
  it('allows Node and shared/ in the backend', async () => {
    await expectAllowed('electron/backend/layerProbe.ts', "import path from 'node:path';\nimport type { LocalText } from '../../shared/api/contract';\nexport const a = path;\nexport type T = LocalText;\n");
  });
});

describe('renderer/ never imports electron/', () => {
  const file = 'renderer/src/pages/layerProbe.tsx';
  it('refuses electron/ code and the electron package', async () => {
    await expectRefused(file, "import { IPC_INVOKE } from '../../../electron/main/main';\nexport const a = IPC_INVOKE;\n", /never imports electron\//);
    await expectRefused(file, "import type { Handlers } from '../../../electron/backend/backend';\nexport type T = Handlers;\n", /never imports electron\//);
    await expectRefused(file, "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n", /never imports Electron/);
  });
  it('allows the API and its own code', async () => {
    await expectAllowed(file, "import type { HoldfastBridge } from '../../../shared/api/bridge';\nimport { api } from '../api/transport';\nexport const a = api;\nexport type T = HoldfastBridge;\n");
  });
});
