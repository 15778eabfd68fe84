/** The text of a failed call in the UI language (the backend's messages come in zh and en). */
import { ApiCallError } from '../../../shared/api/client';
import i18n from '../i18n';

export function errorText(err: unknown): string {
  if (err instanceof ApiCallError) return i18n.language === 'en' ? err.error.message.en : err.error.message.zh;
  return err instanceof Error ? err.message : String(err);
}
