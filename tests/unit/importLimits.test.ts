/**
 * The import's hard limits: zip entries inflated by Node's zlib under an
 * output limit (a damaged deflate stream is refused in milliseconds), sheet
 * sizes counted on the cells present (not the declared <dimension>), caps
 * across sheets, and the worker's time and heap limits.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ImportService } from '../../electron/backend/import/importService';
import { ReadError } from '../../electron/backend/import/readError';
import { DEFAULT_READ_LIMITS, sheetJsReader } from '../../electron/backend/import/reader';
import { restoreZipStored, unpackZip, ZipProblem } from '../../electron/backend/import/zipInspect';
import { createWorkspace, OpenWorkspace } from '../../electron/backend/storage/workspaceStore';
import { writeZip, type Entry } from '../fuzz/mutator';

const enc = new TextEncoder();
const WS = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">';

function workbook(sheets: string[]): Entry[] {
  const ct = `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`;
  const rels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>';
  const wb = `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map((_, i) => `<sheet name="S${i + 1}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`;
  const wbRels = `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`;
  return [
    { name: '[Content_Types].xml', data: enc.encode(ct) },
    { name: '_rels/.rels', data: enc.encode(rels) },
    { name: 'xl/workbook.xml', data: enc.encode(wb) },
    { name: 'xl/_rels/workbook.xml.rels', data: enc.encode(wbRels) },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: enc.encode(s) })),
  ];
}

const cell = (ref: string, v: string) => `<c r="${ref}" t="inlineStr"><is><t>${v}</t></is></c>`;
const readError = (f: () => unknown): ReadError => {
  try {
    f();
  } catch (err) {
    if (err instanceof ReadError) return err;
    throw err;
  }
  throw new Error('expected a ReadError');
};

describe('zip entries through Node zlib', () => {
  const entries = workbook([`${WS}<sheetData><row r="1">${cell('A1', '集团编码')}</row></sheetData></worksheet>`]);

  it('round-trips a workbook as stored entries SheetJS reads', () => {
    const stored = restoreZipStored(unpackZip(writeZip(entries)));
    const wb = sheetJsReader.read(stored, 'a.xlsx');
    expect(wb.sheets[0]?.rows[0]?.[0]).toBe('集团编码');
  });

  it('refuses a damaged deflate stream in milliseconds, and an entry that inflates past its declared size', () => {
    // A stream of stored blocks whose lengths do not check (LEN != ~NLEN) and a run of invalid block types.
    const sheet = enc.encode(`${WS}<sheetData>${'<row/>'.repeat(5000)}</sheetData></worksheet>`);
    const good = zlib.deflateRawSync(sheet);
    let tried = 0;
    for (let k = 0; k < 40; k++) {
      const bad = Buffer.from(good);
      for (let i = 0; i < 6; i++) {
        const at = (k * 7919 + i * 104729) % bad.length;
        bad[at] = (bad[at] ?? 0) ^ 0x5a;
      }
      const zip = writeZip(entries.map((e, i) => (i === 4 ? { name: e.name, data: sheet } : e)));
      // Replace the sheet's deflated body with the damaged one (same length, so the directory still points right).
      const at = Buffer.from(zip).indexOf(good);
      if (at < 0) continue;
      const damaged = Buffer.from(zip);
      bad.copy(damaged, at);
      const t0 = Date.now();
      tried++;
      expect(() => unpackZip(damaged)).toThrow(ZipProblem);
      expect(Date.now() - t0).toBeLessThan(500);
    }
    expect(tried).toBe(40);
    const lying = writeZip(entries, { declare: (_i, real) => Math.max(0, real - 10) });
    expect(() => unpackZip(lying)).toThrow(/declared size|not the size/);
    const e = readError(() => sheetJsReader.read(lying, '谎报大小.xlsx'));
    expect(e.code).toBe('corrupt');
    expect(e.text.zh).toContain('谎报大小.xlsx');
  });

  it('counts the real inflated bytes against the budget, whatever the directory declares', () => {
    const big = enc.encode(`${WS}<sheetData>${'<row/>'.repeat(200_000)}</sheetData></worksheet>`); // 1.2 MB, deflates ~1000:1
    const zip = writeZip(workbook([new TextDecoder().decode(big)]), { declare: () => 10 });
    expect(() => unpackZip(zip, { maxUncompressed: 1_000_000, maxRatio: 200, ratioFloor: 500_000 })).toThrow(ZipProblem);
  });
});

describe('sheet limits on the cells present', () => {
  it('a 2 KB file declaring A1:B2 with one cell on row 3,000,000 is refused on that row, not accepted', () => {
    const zip = writeZip(workbook([`${WS}<dimension ref="A1:B2"/><sheetData><row r="1">${cell('A1', 'x')}</row><row r="3000000">${cell('ZZ3000000', 'y')}</row></sheetData></worksheet>`]));
    expect(zip.length).toBeLessThan(3000);
    const e = readError(() => sheetJsReader.read(zip, '谎报.xlsx'));
    expect(e.code).toBe('too-many-rows');
    expect(e.text.en).toContain('3,000,000');
  });

  it('a declared dimension of a million rows with three cells gives three rows', () => {
    const zip = writeZip(workbook([`${WS}<dimension ref="A1:XFD1048576"/><sheetData><row r="1">${cell('A1', 'a')}${cell('B1', 'b')}</row><row r="3">${cell('A3', 'c')}</row></sheetData></worksheet>`]));
    const wb = sheetJsReader.read(zip, 'd.xlsx');
    expect(wb.sheets[0]?.rows.length).toBe(3);
    expect(wb.sheets[0]?.rows[0]?.length).toBe(2);
  });

  it('a column on 16,384 really holding a value is refused; 50 sheets each with a cell on row 1,999,999 hit the cap across sheets', () => {
    const wide = writeZip(workbook([`${WS}<sheetData><row r="1">${cell('A1', 'a')}${cell('XFD1', 'b')}</row></sheetData></worksheet>`]));
    expect(readError(() => sheetJsReader.read(wide, 'w.xlsx')).code).toBe('too-many-columns');
    const far = `${WS}<sheetData><row r="1999999">${cell('A1999999', 'x')}</row></sheetData></worksheet>`;
    const many = writeZip(workbook(Array.from({ length: 50 }, () => far)));
    expect(many.length).toBeLessThan(30_000);
    const before = process.memoryUsage().heapUsed;
    const e = readError(() => sheetJsReader.read(many, 'many.xlsx'));
    expect(e.code).toBe('too-many-rows');
    // refused at the first row past the cap across sheets (3,000,000), before the rest is read
    expect(e.text.en).toMatch(/the sheets hold [\d,]+ rows together, over the limit of 3,000,000/);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(200 * 1024 * 1024);
    expect(DEFAULT_READ_LIMITS.maxTotalRows).toBeLessThan(50 * 1_999_999);
  });
});

describe('the import worker’s time and heap limits', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-limits-'));
  // Stand-ins for the import worker: one that never answers (a parser looping), one that allocates without end.
  const hang = path.join(tmp, 'hang.mjs');
  fs.writeFileSync(hang, "import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => { for (;;) {} });");
  const hog = path.join(tmp, 'hog.mjs');
  fs.writeFileSync(hog, "import { parentPort } from 'node:worker_threads'; parentPort.on('message', () => { const keep = []; for (;;) keep.push(new Array(1e5).fill({ a: Math.random() })); });");

  const run = async (workerPath: string, limits: { timeMs: number; heapMb: number }) => {
    const dir = path.join(fs.mkdtempSync(path.join(tmp, 'ws-')), 'ws');
    await createWorkspace(dir, { name: 'w', branchName: null, source: 'empty', portfolio: { groups: [], facts: [] } });
    const before = fs.readFileSync(path.join(dir, 'workspace.json'));
    const ws = await OpenWorkspace.open('ws', dir);
    const service = new ImportService({ workerPath, limits: () => limits });
    const t0 = Date.now();
    const session = service.start(ws, [{ fileName: '坏文件.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]) }]);
    await session.settled();
    const ms = Date.now() - t0;
    const view = session.view(ws.portfolio);
    await ws.close();
    expect(fs.readFileSync(path.join(dir, 'workspace.json')).equals(before)).toBe(true);
    return { view, ms };
  };

  it('stops a read that never ends at its time limit with a message naming the file', async () => {
    const { view, ms } = await run(hang, { timeMs: 800, heapMb: 256 });
    expect(view.state).toBe('failed');
    expect(ms).toBeLessThan(5000);
    expect(view.error?.zh).toContain('坏文件.xls');
    expect(view.error?.en).toMatch(/longer than 0\.8 s/);
  });

  it('stops a read that eats memory at its heap limit with a message naming the file', async () => {
    const { view } = await run(hog, { timeMs: 60_000, heapMb: 96 });
    expect(view.state).toBe('failed');
    expect(view.error?.en).toContain('坏文件.xls');
    expect(view.error?.en).toMatch(/96 MB memory limit/);
  });
});

describe('saved fuzz findings', () => {
  const dir = path.join(import.meta.dirname, '..', 'fixtures', 'import', 'fuzz');
  const files = fs.readdirSync(dir).filter((f) => !f.endsWith('.md'));

  it.each(files)('%s is read or refused in process within a second (it once hung SheetJS)', (f) => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(dir, f)));
    const name = f.replace(/^[^_]+_/, '');
    const t0 = Date.now();
    try {
      sheetJsReader.read(bytes, name);
    } catch (err) {
      expect(err).toBeInstanceOf(ReadError);
      expect((err as ReadError).text.zh).toContain(name);
    }
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});

describe('default worker limits', () => {
  it('give small files a short leash under the 20 s hang bound and large ones room', async () => {
    const { defaultWorkerLimits } = await import('../../electron/backend/import/importService');
    const small = defaultWorkerLimits(2048);
    expect(small.timeMs).toBeLessThan(20_000);
    expect(small.heapMb).toBeLessThanOrEqual(640);
    const big = defaultWorkerLimits(8 * 1024 * 1024);
    expect(big.timeMs).toBeGreaterThanOrEqual(90_000);
    expect(big.heapMb).toBeGreaterThanOrEqual(2000);
    expect(defaultWorkerLimits(10 * 1024 * 1024 * 1024).heapMb).toBe(4096);
  });
});

describe('refusal messages', () => {
  it('never carry a parser’s internal noise such as "undefined"', () => {
    const dir = path.join(import.meta.dirname, '..', 'fixtures', 'import', 'fuzz');
    for (const f of fs.readdirSync(dir).filter((x) => x.includes('flipInsideXml'))) {
      const name = f.replace(/^[^_]+_/, '');
      // The streaming .xlsx reader may read a flipped byte inside a value as data (a lenient read is fine);
      // whatever is refused says so without parser noise.
      let e: ReadError | null = null;
      try {
        sheetJsReader.read(new Uint8Array(fs.readFileSync(path.join(dir, f))), name);
      } catch (err) {
        if (!(err instanceof ReadError)) throw err;
        e = err;
      }
      if (e === null) continue;
      expect(e.text.en).not.toMatch(/undefined|\[object/);
      expect(e.text.zh).toContain(name);
    }
  });
});
