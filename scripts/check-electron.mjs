#!/usr/bin/env node
/**
 * `npm run check:electron`: Doyensec's electronegativity over the Electron
 * sources (electron/), the renderer's HTML (its meta CSP) and the built
 * bundles (dist/electron/*.cjs, scanned as .js copies: the tool skips .cjs).
 * Fails on any HIGH or MEDIUM finding. A finding is suppressed only by an
 * `// eng-disable CHECK_ID — why` comment on its line in the source; the same
 * code in the bundle (where esbuild drops comments and renames imports) is
 * matched to that justified source line. Run after `npm run build`.
 */
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stage = path.join(root, 'tests', '.tmp', 'electronegativity');
const bin = path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;

/**
 * Checks left out, each with why:
 * - AvailableSecurityFixesGlobalCheck (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK) fetches Electron's release list from the
 *   network, which CI does not have; the Electron version is kept current through package.json and `npm audit`.
 */
const EXCLUDED = ['AvailableSecurityFixesGlobalCheck'];

for (const need of [bin, path.join(root, 'dist', 'electron', 'main.cjs'), path.join(root, 'dist', 'renderer', 'index.html')]) {
  if (!fs.existsSync(need)) {
    console.error(`check:electron: ${path.relative(root, need)} is missing (run npm install and npm run build first)`);
    process.exit(1);
  }
}

fs.rmSync(stage, { recursive: true, force: true });
const copy = (from, to) => {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
};
const sources = [];
const walk = (dir) => {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(e.name)) sources.push(p);
  }
};
walk(path.join(root, 'electron'));
for (const f of sources) copy(f, path.join(stage, 'src', path.relative(root, f)));
copy(path.join(root, 'renderer', 'index.html'), path.join(stage, 'src', 'renderer', 'index.html'));
copy(path.join(root, 'package.json'), path.join(stage, 'src', 'package.json'));
for (const f of ['main.cjs', 'preload.cjs']) copy(path.join(root, 'dist', 'electron', f), path.join(stage, 'bundle', 'dist', 'electron', f.replace(/\.cjs$/, '.js')));
copy(path.join(root, 'dist', 'renderer', 'index.html'), path.join(stage, 'bundle', 'dist', 'renderer', 'index.html'));
copy(path.join(root, 'package.json'), path.join(stage, 'bundle', 'package.json'));

/** Code on a line, for matching a bundle line to its source: imports' namespace prefixes and esbuild's renaming digits dropped. */
const normalise = (line) =>
  line
    .replace(/\/\/.*$/, '')
    .replace(/\bimport_[\w$]+?\d*\./g, '')
    .replace(/\b([A-Za-z_$][\w$]*?)\d+\b/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();

// Justified suppressions in the sources: `eng-disable ID — reason` (a reason is required).
const justified = new Map();
const unjustified = [];
let suppressionComments = 0;
for (const f of sources) {
  fs.readFileSync(f, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const m = /(?:\/\/|\/\*)[ \t]*eng-disable[ \t]+([\w \t]+?)(?:[ \t]+[—-][ \t]+(.+))?$/.exec(line);
      if (!m) return;
      suppressionComments++;
      const ids = m[1].trim().split(/[\s,]+/);
      if (!m[2] || m[2].trim().length < 10) unjustified.push(`${path.relative(root, f)}:${i + 1}`);
      for (const id of ids) justified.set(`${id}\0${normalise(line)}`, `${path.relative(root, f)}:${i + 1}: ${m[2] ?? ''}`);
    });
}

const SEVERITIES = new Set(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH']);

/**
 * The tool's CSV writer races with itself (it writes the header and the rows
 * with two concurrent fs.writeFile calls), so a row was now and then
 * overwritten or lost. Call its runner in-process instead: it returns the
 * issues as objects, nothing goes through a file.
 */
const runElectronegativity = require(path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'runner.js'));

async function scan(dir, label) {
  const result = await runElectronegativity(
    {
      input: dir,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: EXCLUDED.map((c) => c.toLowerCase()),
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    },
    false,
  );
  const intolerable = result.errors.filter((e) => !e.tolerable);
  if (intolerable.length > 0) {
    console.error(`check:electron: electronegativity could not parse ${label}: ${intolerable.map((e) => `${e.file}: ${e.message}`).join('; ')}`);
    process.exit(1);
  }
  const rows = [];
  for (const issue of result.issues) {
    const row = {
      id: issue.id,
      severity: issue.severity?.name,
      confidence: issue.confidence?.name,
      file: issue.file,
      location: `${issue.location?.line}:${issue.location?.column}`,
      sample: issue.sample ?? '',
      label,
    };
    if (!/^[A-Z_]+$/.test(row.id ?? '') || !SEVERITIES.has(row.severity)) {
      console.error(`check:electron: cannot read a result of ${label}: ${JSON.stringify(row).slice(0, 300)}`);
      process.exit(1);
    }
    rows.push(row);
  }
  return rows;
}

const findings = [...(await scan(path.join(stage, 'src'), 'sources')), ...(await scan(path.join(stage, 'bundle'), 'bundles'))];
const failing = [];
const suppressedInBundle = [];
const bySeverity = {};
for (const f of findings) {
  bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
  if (f.severity !== 'HIGH' && f.severity !== 'MEDIUM') continue;
  const why = f.label === 'bundles' ? justified.get(`${f.id}\0${normalise(f.sample)}`) : undefined;
  if (why) suppressedInBundle.push(`${f.id} ${f.file}:${f.location} — as ${why}`);
  else failing.push(`${f.severity} ${f.id} ${f.label}/${f.file}:${f.location}  ${f.sample.slice(0, 140)}`);
}
for (const s of suppressedInBundle) console.log(`  suppressed in bundle: ${s}`);
console.log(`ELECTRONEGATIVITY ${JSON.stringify({ electron: electronVersion, findings: findings.length, bySeverity, highOrMedium: failing.length, suppressionComments, bundleMatches: suppressedInBundle.length })}`);
if (unjustified.length > 0) {
  console.error(`check:electron: eng-disable without a reason at ${unjustified.join(', ')} (write "// eng-disable ID — why")`);
  process.exit(1);
}
if (failing.length > 0) {
  console.error(`check:electron: ${failing.length} HIGH/MEDIUM finding(s):\n  ${failing.join('\n  ')}`);
  process.exit(1);
}
console.log('check:electron: no HIGH or MEDIUM findings.');
