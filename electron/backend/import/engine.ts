/**
 * One import session's work: read files, detect headers, map columns, apply
 * templates, normalise and validate. Runs inside a worker thread (see
 * importWorker.ts) so neither Electron's main thread nor the HTTP server stalls;
 * the same class runs in-process where no worker bundle exists (unit tests).
 */
import type { LocalText } from '../../../shared/api/contract';
import { emptyFactColumns } from '../../../shared/model/factColumns';
import { analyseSheet, detectHeader, headerSignature, normaliseSheet, type NormaliseResult } from '../../../shared/import';
import type { ColumnMapping, FieldId, HeaderDetection, ImportKind, ImportProblem, MoneyUnit, RawWorkbook } from '../../../shared/import/types';
import type { MappingTemplate } from '../storage/workspaceStore';
import { ReadError } from './readError';
import { sheetJsReader, type WorkbookReader } from './reader';

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
      zh: `${fileName}「${sheet}」：找不到表头行（如"集团编码""账期""出账收入"）。请确认选择了正确的工作表。`,
      en: `${fileName} "${sheet}": no header row found (such as 集团编码, 账期, 出账收入). Check that the right sheet is chosen.`,
    },
  };
}

export class ImportEngine {
  private readonly workbooks: (RawWorkbook | null)[] = [];
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
    file.format = wb.format;
    file.readWarnings = (wb.warnings ?? []).map((w) => w.message);
    file.encoding = wb.encoding ?? null;
    file.sheets = wb.sheets.map((s) => ({ name: s.name, hidden: s.hidden, rows: s.rows.length }));
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
