/**
 * One import session's work: read files, detect headers, map columns, apply
 * templates, normalise and validate. Runs inside a worker thread (see
 * importWorker.ts) so neither Electron's main thread nor the HTTP server stalls;
 * the same class runs in-process where no worker bundle exists (unit tests).
 */
import type { LocalText } from '../../../shared/api/contract';
import { emptyFactColumns } from '../../../shared/model/factColumns';
import { analyseSheet, createSheetNormaliser, detectHeader, firstText, headerSignature, isBlankRow, isTotalLabel, normaliseSheet, type NormaliseInput, type NormaliseResult, type SheetNormaliser } from '../../../shared/import';
import type { ColumnMapping, FieldId, HeaderDetection, ImportKind, ImportProblem, MoneyUnit, RawCell, RawWorkbook } from '../../../shared/import/types';
import type { MappingTemplate } from '../storage/workspaceStore';
import { ReadError } from './readError';
import { sheetJsReader, streamTimings, type WorkbookReader } from './reader';
import { estimatedRows, newScanPosition, scanXlsxSheet, type SheetScan, type XlsxBook } from './xlsxStream';

export interface StageInput {
  fileName: string;
  bytes: Uint8Array;
}

export interface ColumnChoice {
  column: number;
  field: FieldId | null;
  unit: MoneyUnit | null;
}

export interface FileChoice {
  sheetIndex?: number;
  kind?: ImportKind;
  columns?: ColumnChoice[];
}

export interface StagedFile {
  fileName: string;
  /** set when the file could not be read at all; everything else is then empty */
  readError: { code: string; message: LocalText } | null;
  /** what the reader had to change (cut cells …) */
  readWarnings: LocalText[];
  format: string | null;
  encoding: string | null;
  sheets: { name: string; hidden: boolean; rows: number }[];
  sheetIndex: number;
  detection: HeaderDetection | null;
  kind: ImportKind;
  kindSuggestion: { kind: ImportKind; confidence: number; reason: LocalText } | null;
  mapping: ColumnMapping[];
  signature: string | null;
  templateApplied: string | null;
  result: NormaliseResult | null;
}

export type Progress = (phase: 'read' | 'normalise', fileIndex: number, done: number, total: number) => void;

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

export interface EngineOptions {
  templates: readonly MappingTemplate[];
  knownGroupCodes: readonly string[];
  forcedKind?: ImportKind;
  reader?: WorkbookReader;
}

function noHeaderProblem(fileName: string, sheet: string): ImportProblem {
  return {
    severity: 'error',
    code: 'no-header',
    file: fileName,
    sheet,
    row: null,
    column: null,
    header: null,
    value: null,
    message: {
      zh: `${fileName}「${sheet}」：找不到表头行（如“集团编码”“账期”“出账收入”）。请确认选择了正确的工作表。`,
      en: `${fileName} "${sheet}": no header row found (such as 集团编码, 账期, 出账收入). Check that the right sheet is chosen.`,
    },
  };
}

/** Rows kept of a streamed sheet: enough for header detection (50 rows + 200 for the width) and 100 sample rows below it. */
const HEAD_MIN_ROWS = 251;
const HEAD_SAMPLE_FROM = 52;
const HEAD_SAMPLES = 100;
const HEAD_MAX_ROWS = 100_000;

/**
 * Rows of a streamed sheet: the first ones kept (the head) until header detection and the
 * content sample have what they look at; then `onHead` may attach a normaliser, which gets
 * the head and every later row straight from the scanner (missing rows as []).
 *
 * The head keeps copies, not the scanner's row arrays: V8 watches whether the arrays made at one
 * allocation site outlive young collections, and when hundreds of head rows did, it allocated
 * every later row (a million, with their numbers) straight in the old generation, where they died
 * as garbage only a full collection frees: +30–50 MB of heap and +1 s CPU at 1M rows.
 */
export class RowRelay {
  readonly head: RawCell[][] = [];
  private good = 0;
  private headDone = false;
  private sink: SheetNormaliser | null = null;
  private next = 0;
  stopped = false;
  /** a row before one already handed over: the sheet must be read whole instead */
  outOfOrder = false;
  sinkMs = 0;
  lastRow = 0;

  /** `timed`: measure the normaliser's time (the bench's split); two clock reads a row otherwise wasted */
  constructor(
    private readonly onHead: (rows: RawCell[][]) => SheetNormaliser | null,
    private readonly timed = false,
  ) {}

  readonly push = (r: number, row: RawCell[]): void => {
    if (r > this.lastRow) this.lastRow = r;
    if (!this.headDone) {
      const head = this.head;
      while (head.length < r) head.push([]);
      head[r] = row.slice();
      if (r >= HEAD_SAMPLE_FROM && !isBlankRow(row)) {
        const t = firstText(row);
        if (t === null || !isTotalLabel(t)) this.good++;
      }
      if ((head.length >= HEAD_MIN_ROWS && this.good >= HEAD_SAMPLES) || head.length >= HEAD_MAX_ROWS) this.endHead();
      return;
    }
    const sink = this.sink;
    if (!sink || this.stopped) return;
    const t = this.timed ? performance.now() : 0;
    if (r < this.next) {
      this.outOfOrder = true;
      this.stopped = true;
      return;
    }
    while (this.next < r) {
      if (!sink.row(this.next++, [])) {
        this.stopped = true;
        break;
      }
    }
    if (!this.stopped && !sink.row(r, row)) this.stopped = true;
    this.next = r + 1;
    if (this.timed) this.sinkMs += performance.now() - t;
  };

  private endHead(): void {
    this.headDone = true;
    this.sink = this.onHead(this.head);
    const sink = this.sink;
    if (!sink) return;
    const t = performance.now();
    for (let r = 0; r < this.head.length && !this.stopped; r++) if (!sink.row(r, this.head[r] ?? [])) this.stopped = true;
    this.next = this.head.length;
    this.sinkMs += performance.now() - t;
  }

  /** the sheet's end: a sheet shorter than the head gets its `onHead` now */
  end(): void {
    if (!this.headDone) this.endHead();
  }

  get attached(): SheetNormaliser | null {
    return this.sink;
  }
}

interface StreamedFile {
  book: XlsxBook;
  scans: SheetScan[];
}

interface Speculation {
  key: string;
  known: ReadonlySet<string> | undefined;
  result: NormaliseResult;
}

function sameKnown(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.size !== b.size) return false;
  for (const k of a) if (!b.has(k)) return false;
  return true;
}

export class ImportEngine {
  private readonly workbooks: (RawWorkbook | null)[] = [];
  /** .xlsx/.xlsm read in chunks: `workbooks` then holds each sheet's head rows only */
  private readonly streamed: (StreamedFile | null)[] = [];
  /** the sheet normalised during the streamed read, kept if the final choice is the same */
  private readonly speculated: (Speculation | null)[] = [];
  private readonly inputs: StageInput[] = [];
  private readonly files: StagedFile[] = [];
  private cancelled = false;

  constructor(private readonly options: EngineOptions) {}

  cancel(): void {
    this.cancelled = true;
  }

  private readonly shouldCancel = (): boolean => this.cancelled;

  stage(inputs: StageInput[], progress: Progress = () => undefined): StagedFile[] {
    const reader = this.options.reader ?? sheetJsReader;
    inputs.forEach((input, i) => {
      if (this.cancelled) throw new Cancelled();
      progress('read', i, 0, 1);
      try {
        this.workbooks[i] = reader.read(input.bytes, input.fileName);
        this.files[i] = this.emptyFile(input.fileName, null);
      } catch (err) {
        const message: LocalText =
          err instanceof ReadError ? err.text : { zh: `${input.fileName}：无法读取（${String(err)}）`, en: `${input.fileName}: cannot be read (${String(err)})` };
        this.workbooks[i] = null;
        this.files[i] = this.emptyFile(input.fileName, { code: err instanceof ReadError ? err.code : 'unreadable', message });
      }
      progress('read', i, 1, 1);
    });
    // Group masters first, so billing rows can be checked against the groups they bring.
    const order = this.files.map((_, i) => i);
    for (const i of order) this.prepare(i, {});
    const masters = order.filter((i) => this.files[i]?.kind === 'groupMaster');
    const others = order.filter((i) => this.files[i]?.kind !== 'groupMaster');
    for (const i of [...masters, ...others]) this.normalise(i, progress);
    return this.files;
  }

  update(fileIndex: number, choice: FileChoice, progress: Progress = () => undefined): StagedFile[] {
    this.prepare(fileIndex, choice);
    this.normalise(fileIndex, progress);
    // A changed master changes which billing groups are known.
    if (this.files[fileIndex]?.kind === 'groupMaster') {
      this.files.forEach((f, i) => {
        if (i !== fileIndex && f.kind !== 'groupMaster' && f.result) this.normalise(i, progress);
      });
    }
    return this.files;
  }

  /**
   * As `stage`, with .xlsx/.xlsm streamed: each sheet inflated and scanned in chunks, the
   * chosen sheet's rows going straight into the normaliser; neither the sheet's XML nor its
   * rows are held whole. The result equals `stage`'s (the choices are made again on the whole
   * sheets' facts afterwards; a normalisation made on a different choice is done again).
   */
  async stageAsync(inputs: StageInput[], progress: Progress = () => undefined): Promise<StagedFile[]> {
    const reader = this.options.reader ?? sheetJsReader;
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i]!;
      if (this.cancelled) throw new Cancelled();
      this.inputs[i] = input;
      progress('read', i, 0, 1);
      this.streamed[i] = null;
      this.speculated[i] = null;
      try {
        const book = reader.openStream ? reader.openStream(input.bytes, input.fileName) : null;
        if (book) await this.readStreamed(i, book, progress);
        else this.workbooks[i] = reader.read(input.bytes, input.fileName);
        this.files[i] = this.emptyFile(input.fileName, null);
      } catch (err) {
        if (err instanceof Cancelled) throw err;
        const message: LocalText =
          err instanceof ReadError ? err.text : { zh: `${input.fileName}：无法读取（${String(err)}）`, en: `${input.fileName}: cannot be read (${String(err)})` };
        this.workbooks[i] = null;
        this.streamed[i] = null;
        this.speculated[i] = null;
        this.files[i] = this.emptyFile(input.fileName, { code: err instanceof ReadError ? err.code : 'unreadable', message });
      }
      progress('read', i, 1, 1);
    }
    const order = this.files.map((_, i) => i);
    for (const i of order) this.prepare(i, {});
    const masters = order.filter((i) => this.files[i]?.kind === 'groupMaster');
    const others = order.filter((i) => this.files[i]?.kind !== 'groupMaster');
    for (const i of [...masters, ...others]) await this.normaliseAsync(i, progress);
    return this.files;
  }

  async updateAsync(fileIndex: number, choice: FileChoice, progress: Progress = () => undefined): Promise<StagedFile[]> {
    this.prepare(fileIndex, choice);
    await this.normaliseAsync(fileIndex, progress);
    if (this.files[fileIndex]?.kind === 'groupMaster') {
      for (let i = 0; i < this.files.length; i++) {
        const f = this.files[i];
        if (f && i !== fileIndex && f.kind !== 'groupMaster' && f.result) await this.normaliseAsync(i, progress);
      }
    }
    return this.files;
  }

  /** The head workbook of a streamed file: every sheet's first rows, merges and formats. */
  private headWorkbook(book: XlsxBook, heads: RawCell[][][], scans: SheetScan[]): RawWorkbook {
    return {
      fileName: book.fileName,
      format: book.format,
      date1904: book.date1904,
      warnings: book.warnings,
      sheets: heads.map((rows, k) => ({ name: book.sheets[k]?.name ?? '', hidden: book.sheets[k]?.hidden ?? false, rows, merges: scans[k]?.merges ?? [], formats: scans[k]?.formats ?? {} })),
    };
  }

  private async readStreamed(i: number, book: XlsxBook, progress: Progress): Promise<void> {
    const heads: RawCell[][][] = [];
    const scans: SheetScan[] = [];
    const timings = streamTimings();
    let spec: { key: string; known: ReadonlySet<string> | undefined; normaliser: SheetNormaliser; sheet: number } | null = null;
    let outOfOrder = false;
    for (let k = 0; k < book.sheets.length; k++) {
      let estimate = 0;
      const position = newScanPosition();
      const relay = new RowRelay((rows) => {
        if (spec || book.sheets[k]?.hidden) return null;
        // the choice `prepare` would make on the sheets so far, this one without its merges (they come at its end)
        const wb = this.headWorkbook(book, [...heads, rows], [...scans, { rowCount: rows.length, merges: [], formats: {} }]);
        const file = this.emptyFile(book.fileName, null);
        this.prepareFile(wb, file, {}, null);
        if (file.sheetIndex !== k || !file.detection) return null;
        const known = this.knownArg(i, file.kind);
        const normaliser = createSheetNormaliser({
          ...this.normaliseInput(i, file, wb, known, progress),
          // from the bytes per row so far (row-exact), else from the chunks read
          expectedRows: () => Math.max(0, (estimatedRows(position) ?? estimate) - (file.detection?.dataStartRow ?? 0)),
        });
        spec = { key: this.keyOf(file), known, normaliser, sheet: k };
        return normaliser;
      }, timings !== undefined);
      const scan = await scanXlsxSheet(book, k, relay.push, {
        timings,
        position,
        onChunk: (done, total) => {
          estimate = done > 0 ? Math.round(((relay.lastRow + 1) * total) / done) : 0;
          return !relay.stopped && !this.cancelled;
        },
      });
      if (timings) timings.parseMs -= relay.sinkMs;
      if (this.cancelled) throw new Cancelled();
      relay.end();
      if (relay.outOfOrder) outOfOrder = true;
      heads.push(relay.head);
      scans.push(scan);
      if (relay.stopped && !relay.outOfOrder) throw new Cancelled();
    }
    if (outOfOrder) {
      // rows out of order (not valid OOXML, but seen): read the workbook whole, as SheetJS's order would
      const reader = this.options.reader ?? sheetJsReader;
      const input = this.inputs[i];
      this.workbooks[i] = input ? reader.read(input.bytes, input.fileName) : null;
      return;
    }
    this.streamed[i] = { book, scans };
    this.workbooks[i] = this.headWorkbook(book, heads, scans);
    const sp = spec as { key: string; known: ReadonlySet<string> | undefined; normaliser: SheetNormaliser; sheet: number } | null;
    if (sp) this.speculated[i] = { key: sp.key, known: sp.known, result: sp.normaliser.finish(scans[sp.sheet]?.rowCount ?? 0) };
  }

  /** What a normalisation depends on besides the rows and the known codes. */
  private keyOf(file: StagedFile): string {
    return JSON.stringify([file.sheetIndex, file.kind, file.detection, file.mapping]);
  }

  private knownArg(i: number, kind: ImportKind): ReadonlySet<string> | undefined {
    const known = this.knownCodes(i);
    return kind === 'groupMaster' || known.size === 0 ? undefined : known;
  }

  private normaliseInput(i: number, file: StagedFile, wb: RawWorkbook, known: ReadonlySet<string> | undefined, progress: Progress): NormaliseInput {
    const sheet = wb.sheets[file.sheetIndex] ?? { name: '', hidden: false, rows: [], merges: [] };
    return {
      fileName: file.fileName,
      sheet,
      date1904: wb.date1904,
      detection: file.detection as HeaderDetection,
      mapping: file.mapping,
      kind: file.kind,
      knownGroupCodes: known,
      onProgress: (done, total) => progress('normalise', i, done, total),
      shouldCancel: this.shouldCancel,
    };
  }

  private async normaliseAsync(i: number, progress: Progress): Promise<void> {
    const st = this.streamed[i];
    const wb = this.workbooks[i];
    const file = this.files[i];
    if (!st || !wb || !file || !file.detection || !wb.sheets[file.sheetIndex]) {
      this.normalise(i, progress);
      return;
    }
    const known = this.knownArg(i, file.kind);
    const sp = this.speculated[i];
    this.speculated[i] = null;
    if (sp && sp.key === this.keyOf(file) && sameKnown(sp.known, known)) {
      file.result = sp.result;
      if (this.cancelled || file.result.cancelled) throw new Cancelled();
      return;
    }
    // scan the chosen sheet again (its limits were checked on the first read: counters start afresh, warnings are not repeated)
    const ctx = st.book.ctx;
    ctx.totalCells = 0;
    ctx.rowsBefore = 0;
    const warned = st.book.warnings.length;
    const rowCount = st.scans[file.sheetIndex]?.rowCount ?? 0;
    const normaliser = createSheetNormaliser({ ...this.normaliseInput(i, file, wb, known, progress), expectedRows: () => Math.max(0, rowCount - (file.detection?.dataStartRow ?? 0)) });
    let next = 0;
    let stopped = false;
    let outOfOrder = false;
    await scanXlsxSheet(
      st.book,
      file.sheetIndex,
      (r, row) => {
        if (stopped) return;
        if (r < next) {
          outOfOrder = true;
          stopped = true;
          return;
        }
        while (next < r) if (!normaliser.row(next++, [])) stopped = true;
        if (!stopped && !normaliser.row(r, row)) stopped = true;
        next = r + 1;
      },
      { onChunk: () => !stopped && !this.cancelled },
    );
    st.book.warnings.length = warned;
    if (outOfOrder) {
      const reader = this.options.reader ?? sheetJsReader;
      const input = this.inputs[i];
      this.workbooks[i] = input ? reader.read(input.bytes, input.fileName) : null;
      this.streamed[i] = null;
      this.normalise(i, progress);
      return;
    }
    file.result = normaliser.finish(rowCount);
    if (this.cancelled || file.result.cancelled) throw new Cancelled();
  }

  private emptyFile(fileName: string, readError: StagedFile['readError']): StagedFile {
    return {
      fileName,
      readError,
      readWarnings: [],
      format: null,
      encoding: null,
      sheets: [],
      sheetIndex: 0,
      detection: null,
      kind: this.options.forcedKind ?? 'monthlyBilling',
      kindSuggestion: null,
      mapping: [],
      signature: null,
      templateApplied: null,
      result: null,
    };
  }

  private prepare(i: number, choice: FileChoice): void {
    const wb = this.workbooks[i];
    const file = this.files[i];
    if (!wb || !file) return;
    this.prepareFile(wb, file, choice, this.streamed[i]?.scans ?? null);
  }

  /** `scans`: the sheets' row counts of a streamed file (its `wb` holds their first rows only) */
  private prepareFile(wb: RawWorkbook, file: StagedFile, choice: FileChoice, scans: SheetScan[] | null): void {
    file.format = wb.format;
    file.readWarnings = (wb.warnings ?? []).map((w) => w.message);
    file.encoding = wb.encoding ?? null;
    file.sheets = wb.sheets.map((s, k) => ({ name: s.name, hidden: s.hidden, rows: scans?.[k]?.rowCount ?? s.rows.length }));
    const sheetChanged = choice.sheetIndex !== undefined && choice.sheetIndex !== file.sheetIndex;
    if (choice.sheetIndex !== undefined) file.sheetIndex = Math.max(0, Math.min(wb.sheets.length - 1, choice.sheetIndex));
    else if (file.detection === null && file.mapping.length === 0) {
      // First visible sheet with a recognisable header.
      const best = wb.sheets.findIndex((s) => !s.hidden && detectHeader(s) !== null);
      file.sheetIndex = best >= 0 ? best : Math.max(0, wb.sheets.findIndex((s) => !s.hidden));
    }
    const sheet = wb.sheets[file.sheetIndex];
    if (!sheet) return;
    const kindChanged = choice.kind !== undefined && choice.kind !== file.kind;
    if (sheetChanged || file.mapping.length === 0 || kindChanged) {
      // Detect, map without a kind, suggest the kind, then map again within that kind's fields.
      const template = (headers: string[]) => this.options.templates.find((t) => t.signature === headerSignature(headers));
      const wanted = choice.kind ?? this.options.forcedKind;
      const first = analyseSheet(sheet, wanted);
      if (!first) {
        file.detection = null;
        file.mapping = [];
        file.signature = null;
        file.kindSuggestion = null;
        return;
      }
      const tpl = kindChanged ? undefined : template(first.detection.headers);
      const analysis = tpl && !wanted && tpl.kind !== first.kind ? (analyseSheet(sheet, tpl.kind) ?? first) : first;
      file.detection = analysis.detection;
      file.signature = headerSignature(analysis.detection.headers);
      file.kindSuggestion = analysis.kindSuggestion;
      file.kind = analysis.kind;
      file.mapping = analysis.mapping;
      file.templateApplied = null;
      if (tpl) {
        file.mapping = file.mapping.map((m) => {
          const col = tpl.columns.find((c) => c.header === m.header);
          if (!col) return m;
          return {
            ...m,
            field: col.field as FieldId | null,
            unit: col.unit,
            confidence: 1,
            reason: { zh: `已套用映射模板「${tpl.name}」`, en: `mapping template "${tpl.name}" applied` },
          };
        });
        file.templateApplied = tpl.name;
      }
    }
    if (choice.kind) file.kind = choice.kind;
    if (choice.columns) {
      for (const c of choice.columns) {
        const m = file.mapping.find((x) => x.column === c.column);
        if (!m) continue;
        // One column per field: the user's choice takes the field from any other column.
        if (c.field !== null) {
          for (const other of file.mapping) {
            if (other !== m && other.field === c.field) {
              other.field = null;
              other.reason = { zh: '字段已被用户指定给其他列', en: 'field assigned to another column by the user' };
            }
          }
        }
        if (m.field !== c.field || m.unit !== c.unit) {
          m.field = c.field;
          m.unit = c.unit;
          m.confidence = 1;
          m.reason = c.field === null ? { zh: '用户设为忽略', en: 'ignored by the user' } : { zh: '用户指定', en: 'chosen by the user' };
        }
      }
    }
  }

  private knownCodes(except: number): Set<string> {
    const codes = new Set(this.options.knownGroupCodes);
    this.files.forEach((f, i) => {
      if (i === except || f.kind !== 'groupMaster') return;
      for (const g of f.result?.groups ?? []) codes.add(g.groupCode);
    });
    return codes;
  }

  private normalise(i: number, progress: Progress): void {
    const wb = this.workbooks[i];
    const file = this.files[i];
    if (!wb || !file) return;
    const sheet = wb.sheets[file.sheetIndex];
    if (!sheet) return;
    if (!file.detection) {
      file.result = {
        kind: file.kind,
        groups: [],
        factColumns: emptyFactColumns(),
        members: [],
        keyPersons: [],
        surveyResponses: [],
        groupNames: [],
        problems: [noHeaderProblem(file.fileName, sheet.name)],
        errorCount: 1,
        warningCount: 0,
        problemsOmitted: 0,
        stats: { dataRows: 0, imported: 0, skippedBlank: 0, skippedTotal: 0, skippedErrors: 0, duplicatesCollapsed: 0 },
        preview: { fields: [], columns: [], headers: [], rows: [] },
        cancelled: false,
      };
      return;
    }
    const known = this.knownCodes(i);
    file.result = normaliseSheet({
      fileName: file.fileName,
      sheet,
      date1904: wb.date1904,
      detection: file.detection,
      mapping: file.mapping,
      kind: file.kind,
      knownGroupCodes: file.kind === 'groupMaster' || known.size === 0 ? undefined : known,
      onProgress: (done, total) => progress('normalise', i, done, total),
      shouldCancel: this.shouldCancel,
    });
    if (this.cancelled || file.result.cancelled) throw new Cancelled();
  }
}
