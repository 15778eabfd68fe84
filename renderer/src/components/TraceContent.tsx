/** Shows how a number was produced: its rule, inputs and the settings used. */
import { useTranslation } from 'react-i18next';
import type { Language, Trace } from '../../../shared/api/contract';
import { localText } from '../i18n';
import { formatTraceValue } from '../format';

export function TraceContent({ trace, language }: { trace: Trace; language: Language }) {
  const { t } = useTranslation();
  return (
    <div className="trace" data-testid="trace">
      <div className="trace-label">{t('trace.rule')}</div>
      <div className="trace-rule">{localText(trace.rule, language)}</div>
      {trace.inputs.length > 0 && (
        <>
          <div className="trace-label">{t('trace.inputs')}</div>
          <table className="trace-table">
            <tbody>
              {trace.inputs.map((row, i) => (
                <tr key={i}>
                  <td>{localText(row.label, language)}</td>
                  <td className="num">{formatTraceValue(row.value, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {trace.settings.length > 0 && (
        <>
          <div className="trace-label">{t('trace.settings')}</div>
          <table className="trace-table">
            <tbody>
              {trace.settings.map((row, i) => (
                <tr key={i}>
                  <td>{localText(row.label, language)}</td>
                  <td className="num">{formatTraceValue(row.value, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
