/** A warning zone, in its one colour and with its name and icon, so colour is never the only cue. */
import { Tag } from 'antd';
import type { Language } from '../../../shared/api/contract';

export const ZONE_COLOURS: Record<string, string> = { red: '#d4380d', yellow: '#d48806', blue: '#1d39c4', green: '#389e0d', white: '#8c8c8c' };
const ZONE_NAMES: Record<string, [string, string]> = { red: ['红', 'Red'], yellow: ['黄', 'Yellow'], blue: ['蓝', 'Blue'], green: ['绿', 'Green'], white: ['白', 'White'] };
export const ZONE_ICONS: Record<string, string> = { red: '▲', yellow: '◆', blue: '●', green: '✓', white: '○' };

export function zoneName(zone: string, language: Language): string {
  const pair = ZONE_NAMES[zone];
  return pair ? (language === 'en' ? pair[1] : pair[0]) : zone;
}

export function ZoneTag({ zone, language }: { zone: string; language: Language }) {
  const colour = ZONE_COLOURS[zone] ?? '#8c8c8c';
  const white = zone === 'white';
  return (
    <Tag
      data-zone={zone}
      style={{
        color: white ? '#595959' : '#fff',
        background: white ? '#fafafa' : colour,
        border: white ? '1px dashed #bfbfbf' : `1px solid ${colour}`,
        fontWeight: 600,
        marginInlineEnd: 0,
      }}
    >
      {ZONE_ICONS[zone]} {zoneName(zone, language)}
    </Tag>
  );
}
