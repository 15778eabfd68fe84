/** How backups read in the UI: local time YYYY-MM-DD HH:mm, size in KB/MB, the reason in words. */
import type { TFunction } from 'i18next';
import { BACKUP_REASONS } from '../../../shared/api/workspaceContract';
import { fmtNum } from '../../../shared/review/format';

export function localMinute(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function byteSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${fmtNum(bytes / 1024, 1)} KB`;
  return `${fmtNum(bytes / 1024 / 1024, 1)} MB`;
}

export function reasonText(t: TFunction, reason: string): string {
  return (BACKUP_REASONS as readonly string[]).includes(reason) ? t(`workspace.backups.reasons.${reason}`) : t('workspace.backups.reasons.other', { reason });
}
