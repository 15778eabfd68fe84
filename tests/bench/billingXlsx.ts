/** A billing .xlsx of any size for the import benches, written directly (SheetJS would need GBs for 1M rows). */
import fs from 'node:fs';
import zlib from 'node:zlib';

export const HEADERS = ['集团编码', '集团名称', '账期', '统付收入(元)', '个付收入(元)', '出账收入(元)', '集团成员数', '异网成员数', '通话分钟数', '欠费金额(元)'];

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();
function crc32(b: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < b.length; i++) c = (CRC_TABLE[(c ^ (b[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** A minimal zip writer (deflate): what Excel writes, enough for SheetJS and for us. */
function writeZip(file: string, entries: [string, Buffer][]): void {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBuf = Buffer.from(name, 'utf8');
    const packed = zlib.deflateRawSync(data, { level: 6 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(packed.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameBuf.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, nameBuf, packed);
    central.push(cd, nameBuf);
    offset += 30 + nameBuf.length + packed.length;
  }
  const cdSize = central.reduce((s, b) => s + b.length, 0);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdSize, 12);
  eocd.writeUInt32LE(offset, 16);
  const fd = fs.openSync(file, 'w');
  for (const b of parts) fs.writeSync(fd, b);
  for (const b of central) fs.writeSync(fd, b);
  fs.writeSync(fd, eocd);
  fs.closeSync(fd);
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function colName(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** `rows` data rows under one header row: group code and name as shared strings, 账期 as text, 7 numbers. */
export function writeBillingXlsx(file: string, rows: number): void {
  const months = 24;
  const groups = Math.ceil(rows / months);
  const sst: string[] = [...HEADERS];
  const codeIdx = new Int32Array(groups);
  const nameIdx = new Int32Array(groups);
  for (let g = 0; g < groups; g++) {
    codeIdx[g] = sst.push(`G${String(g).padStart(7, '0')}`) - 1;
    nameIdx[g] = sst.push(`测试集团${g}有限公司`) - 1;
  }
  const periodIdx = new Int32Array(months);
  for (let m = 0; m < months; m++) periodIdx[m] = sst.push(`${2024 + Math.floor(m / 12)}${String((m % 12) + 1).padStart(2, '0')}`) - 1;
  const chunks: Buffer[] = [];
  let buf = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';
  buf += `<dimension ref="A1:${colName(HEADERS.length - 1)}${rows + 1}"/><sheetData><row r="1">`;
  HEADERS.forEach((_, c) => (buf += `<c r="${colName(c)}1" t="s"><v>${c}</v></c>`));
  buf += '</row>';
  const cols = HEADERS.map((_, c) => colName(c));
  for (let r = 0; r < rows; r++) {
    const g = Math.floor(r / months);
    const m = r % months;
    const n = r + 2;
    const unified = ((g * 7919 + m * 104729) % 500000) / 100;
    const personal = ((g * 104729 + m * 7919) % 300000) / 100;
    const members = 5 + ((g * 31 + m) % 400);
    buf += `<row r="${n}"><c r="${cols[0]}${n}" t="s"><v>${codeIdx[g]}</v></c><c r="${cols[1]}${n}" t="s"><v>${nameIdx[g]}</v></c><c r="${cols[2]}${n}" t="s"><v>${periodIdx[m]}</v></c>` +
      `<c r="${cols[3]}${n}"><v>${unified}</v></c><c r="${cols[4]}${n}"><v>${personal}</v></c><c r="${cols[5]}${n}"><v>${Math.round((unified + personal) * 100) / 100}</v></c>` +
      `<c r="${cols[6]}${n}"><v>${members}</v></c><c r="${cols[7]}${n}"><v>${members % 17}</v></c><c r="${cols[8]}${n}"><v>${members * 37}</v></c><c r="${cols[9]}${n}"><v>${(g + m) % 50 === 0 ? 120.5 : 0}</v></c></row>`;
    if (buf.length > 1 << 20) {
      chunks.push(Buffer.from(buf, 'utf8'));
      buf = '';
    }
  }
  buf += '</sheetData></worksheet>';
  chunks.push(Buffer.from(buf, 'utf8'));
  const sheet = Buffer.concat(chunks);
  chunks.length = 0;
  let sstXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${rows * 3 + HEADERS.length}" uniqueCount="${sst.length}">`;
  for (const s of sst) sstXml += `<si><t>${esc(s)}</t></si>`;
  sstXml += '</sst>';
  writeZip(file, [
    ['[Content_Types].xml', Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')],
    ['_rels/.rels', Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')],
    ['xl/workbook.xml', Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="月度出账" sheetId="1" r:id="rId1"/></sheets></workbook>')],
    ['xl/_rels/workbook.xml.rels', Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')],
    ['xl/sharedStrings.xml', Buffer.from(sstXml, 'utf8')],
    ['xl/worksheets/sheet1.xml', sheet],
  ]);
}

