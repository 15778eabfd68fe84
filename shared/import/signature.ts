/**
 * Mapping templates: a stable signature of a header list, and re-applying a
 * saved mapping (by header text) to next month's file.
 */
import { z } from 'zod';
import { IMPORT_KINDS, type ColumnMapping, type FieldId, type ImportKind, type MoneyUnit } from './types';
import { normaliseHeader } from './headerText';
import { FIELD_LABELS, isFieldId, isMoneyField } from './synonyms';

/** FNV-1a (32 bit) over UTF-16 code units. */
function fnv1a(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The comparable form of one header: normalised base plus the unit text (元 and 万元 headers differ). */
export function headerKey(header: string): string {
  const n = normaliseHeader(header);
  return n.unitText === null ? n.base : `${n.base}|${n.unitText}`;
}

/**
 * Stable short signature of a header list, in column order (trailing empty
 * headers ignored): `${count}-${16 hex digits}` (two FNV-1a passes).
 */
export function headerSignature(headers: readonly string[]): string {
  const keys = headers.map(headerKey);
  while (keys.length > 0 && keys[keys.length - 1] === '') keys.pop();
  const text = keys.join('\u001f');
  const a = fnv1a(text).toString(16).padStart(8, '0');
  const b = fnv1a(text, 0x01000193 ^ 0x9e3779b9).toString(16).padStart(8, '0');
  return `${keys.length}-${a}${b}`;
}

export interface TemplateColumn {
  header: string;
  field: FieldId | null;
  unit: MoneyUnit | null;
}

export interface MappingTemplate {
  signature?: string;
  name?: string;
  kind?: ImportKind;
  columns: readonly TemplateColumn[];
}

const FieldIdSchema = z.string().refine(isFieldId, { message: 'unknown field' });
/** For templates read back from disk: unknown fields are rejected. */
export const MappingTemplateSchema = z.object({
  signature: z.string().max(64).optional(),
  name: z.string().max(200).optional(),
  kind: z.enum(IMPORT_KINDS).optional(),
  columns: z
    .array(
      z.object({
        header: z.string().max(500),
        field: FieldIdSchema.nullable(),
        unit: z.enum(['yuan', 'qianYuan', 'wanYuan']).nullable(),
      }),
    )
    .max(5000),
});

/** A template from a reviewed mapping. */
export function templateFromMapping(mapping: readonly ColumnMapping[], kind: ImportKind, name?: string): MappingTemplate {
  const headers = mapping.map((m) => m.header);
  return {
    signature: headerSignature(headers),
    ...(name !== undefined ? { name } : {}),
    kind,
    columns: mapping.map((m) => ({ header: m.header, field: m.field, unit: m.unit })),
  };
}

/**
 * The template's mapping for `headers`, matched by normalised header text
 * (not by position). Confidence 1; headers the template does not know are ignored.
 */
export function applyTemplate(template: MappingTemplate, headers: readonly string[]): ColumnMapping[] {
  const byKey = new Map<string, TemplateColumn>();
  for (const col of template.columns) {
    const key = headerKey(col.header);
    if (key !== '' && !byKey.has(key)) byKey.set(key, col);
  }
  const name = template.name ?? template.signature ?? '';
  const zhName = name ? `“${name}”` : '';
  const enName = name ? ` ${name}` : '';
  const used = new Set<FieldId>();
  return headers.map((header, column): ColumnMapping => {
    const col = byKey.get(headerKey(header));
    const field = col?.field ?? null;
    if (!col || field === null || used.has(field)) {
      return {
        column,
        header,
        field: null,
        confidence: 1,
        reason: col
          ? { zh: `已套用模板${zhName}：此列忽略`, en: `template${enName} applied: column ignored` }
          : { zh: `模板${zhName}中没有此列，已忽略`, en: `column not in template${enName}; ignored` },
        unit: null,
      };
    }
    used.add(field);
    const headerUnit = normaliseHeader(header).unit;
    const unit = isMoneyField(field) ? (headerUnit ?? col.unit ?? 'yuan') : null;
    const label = FIELD_LABELS[field];
    return {
      column,
      header,
      field,
      confidence: 1,
      reason: { zh: `已套用模板${zhName}：${label.zh}`, en: `template${enName} applied: ${label.en}` },
      unit,
    };
  });
}
