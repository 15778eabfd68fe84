import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain ESM script without types
import { checkDependencies, importsOf } from '../../scripts/check-deps.mjs';

const check = checkDependencies as (root: string) => string[];

describe('dependency rule check', () => {
  let root: string;
  const write = async (rel: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), text);
  };
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-deps-'));
    await write('shared/ok.ts', "import { z } from 'zod';\nimport type { X } from './model';\n");
    await write('renderer/ok.tsx', "import { api } from '../shared/api';\nimport React from 'react';\n");
    await write('electron/ok.ts', "import fs from 'node:fs';\nimport { a } from '../shared/a';\n");
  });
  afterEach(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  it('passes a clean tree', () => {
    expect(check(root)).toEqual([]);
  });

  it.each([
    ['shared/bad.ts', "import fs from 'node:fs';"],
    ['shared/bad.ts', "import path from 'path';"],
    ['shared/bad.ts', "import { app } from 'electron';"],
    ['shared/bad.ts', "import React from 'react';"],
    ['shared/bad.ts', "import { x } from '../electron/backend/x';"],
    ['shared/bad.ts', "export { y } from '../renderer/src/y';"],
    ['shared/bad.ts', "const m = await import('node:os');"],
    ['renderer/src/bad.ts', "import { Backend } from '../../electron/backend/backend';"],
    ['renderer/src/bad.ts', "import { ipcRenderer } from 'electron';"],
    ['electron/bad.ts', "import { App } from '../renderer/src/App';"],
  ])('fails when %s has %s', async (file, text) => {
    await write(file, text);
    const violations = check(root);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain(file);
  });

  it('ignores imports inside comments', () => {
    expect((importsOf as (t: string) => string[])("// import fs from 'node:fs'\n/* import 'electron' */\nimport { z } from 'zod';")).toEqual(['zod']);
  });

  it('the real tree obeys the rule', () => {
    expect(check(path.resolve('.'))).toEqual([]);
  });
});
