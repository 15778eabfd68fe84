#!/usr/bin/env node
/**
 * The dependency rule (VS Code's "common never imports node or browser"):
 *   shared/   imports nothing from Node built-ins, electron, react/DOM libraries, electron/ or renderer/;
 *   renderer/ never imports electron (the package) or anything under electron/;
 *   electron/ never imports anything under renderer/.
 * Usage: node scripts/check-deps.mjs [rootDir]. Exits 1 and lists every violation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
// shared/ may use only these packages: pure TypeScript libraries.
const SHARED_ALLOWED_PACKAGES = new Set(['zod']);

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]|(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

function listSources(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const f of listSources(full)) out.push(f);
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name)) out.push(full);
  }
  return out;
}

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function importsOf(text) {
  const specs = [];
  for (const m of stripComments(text).matchAll(IMPORT_RE)) specs.push(m[1] ?? m[2]);
  return specs;
}

function packageName(spec) {
  if (spec.startsWith('@')) return spec.split('/').slice(0, 2).join('/');
  return spec.split('/')[0];
}

export function checkDependencies(root) {
  const violations = [];
  const layerOf = (file) => path.relative(root, file).split(path.sep)[0];
  for (const layer of ['shared', 'renderer', 'electron']) {
    for (const file of listSources(path.join(root, layer))) {
      const rel = path.relative(root, file);
      for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
        const relative = spec.startsWith('.');
        const target = relative ? layerOf(path.resolve(path.dirname(file), spec)) : null;
        const fail = (why) => violations.push(`${rel}: imports '${spec}' — ${why}`);
        if (layer === 'shared') {
          if (relative) {
            if (target !== 'shared') fail('shared/ may import only shared/');
          } else if (BUILTINS.has(spec) || BUILTINS.has(packageName(spec))) fail('shared/ must not use Node built-ins');
          else if (!SHARED_ALLOWED_PACKAGES.has(packageName(spec))) fail(`shared/ may use only ${[...SHARED_ALLOWED_PACKAGES].join(', ')}`);
        } else if (layer === 'renderer') {
          if (relative && target === 'electron') fail('renderer/ must not import electron/ (go through the API contract)');
          if (!relative && packageName(spec) === 'electron') fail('renderer/ must not import electron');
          if (!relative && (BUILTINS.has(spec) || BUILTINS.has(packageName(spec)))) fail('renderer/ must not use Node built-ins');
        } else if (layer === 'electron') {
          if (relative && target === 'renderer') fail('electron/ must not import renderer/');
        }
      }
    }
  }
  return violations;
}

const isMain = path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url);
if (isMain) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const violations = checkDependencies(root);
  if (violations.length > 0) {
    console.error(`Dependency rule broken (${violations.length}):`);
    for (const v of violations) console.error(`  ${v}`);
    process.exit(1);
  }
  console.log('Dependency rule holds: shared/ is pure, renderer/ and electron/ meet only through shared/.');
}
