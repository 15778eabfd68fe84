/** The problem list as an .xlsx report, in the user's language. */
import * as XLSX from 'xlsx';
import type { Language } from '../../../shared/api/contract';
import type { ImportProblem } from '../../../shared/import/types';

const HEADERS: Record<Language, string[]> = {
  'zh-CN': ['级别', '文件', '工作表', '行', '列', '表头', '原始值', '问题代码', '说明'],
  en: ['Severity', 'File', 'Sheet', 'Row', 'Column', 'Header', 'Original value', 'Code', 'Message'],
};

/** A text starting with = + - @, tab, CR or LF would be a formula in a spreadsheet (OWASP): keep it text. */
export function escapeFormula(text: string): string {
  return /^[=+\-@\t\r\n]/.test(text) ? `'${text}` : text;
}

export function problemReport(problems: readonly ImportProblem[], language: Language): Uint8Array {
  const zh = language === 'zh-CN';
  const rows: (string | number)[][] = [HEADERS[language]];
  for (const p of problems) {
    rows.push([
      zh ? (p.severity === 'error' ? '错误（该行未导入）' : '警告（已导入）') : p.severity === 'error' ? 'error (row skipped)' : 'warning (row kept)',
      escapeFormula(p.file),
      escapeFormula(p.sheet),
      p.row ?? '',
      p.column ?? '',
      escapeFormula(p.header ?? ''),
      escapeFormula(p.value ?? ''),
      p.code,
      escapeFormula(zh ? p.message.zh : p.message.en),
    ]);
  }
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!cols'] = [{ wch: 16 }, { wch: 24 }, { wch: 14 }, { wch: 6 }, { wch: 6 }, { wch: 16 }, { wch: 20 }, { wch: 18 }, { wch: 80 }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, zh ? '导入问题' : 'Import problems');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}
