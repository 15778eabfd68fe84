/**
 * .pptx → .pdf through LibreOffice headless, for the CLI (the app makes its
 * PDF itself with Chromium printing). LibreOffice runs with a private,
 * throwaway profile so a LibreOffice the user has open is not disturbed.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES: Record<string, string[]> = {
  win32: ['C:\\Program Files\\LibreOffice\\program\\soffice.exe', 'C:\\Program Files (x86)\\LibreOffice\\program\\soffice.exe'],
  darwin: ['/Applications/LibreOffice.app/Contents/MacOS/soffice'],
  linux: ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/local/bin/soffice', '/opt/libreoffice/program/soffice', '/snap/bin/libreoffice'],
};

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile();
  } catch {
    return false;
  }
}

/** The LibreOffice executable: HOLDFAST_SOFFICE, then PATH, then the usual install places; null when there is none. */
export async function findSoffice(env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (env.HOLDFAST_SOFFICE) return (await isFile(env.HOLDFAST_SOFFICE)) ? env.HOLDFAST_SOFFICE : null;
  const exe = process.platform === 'win32' ? ['soffice.exe'] : ['soffice', 'libreoffice'];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of exe) if (await isFile(path.join(dir, name))) return path.join(dir, name);
  }
  for (const p of CANDIDATES[process.platform] ?? []) if (await isFile(p)) return p;
  return null;
}

export const NO_SOFFICE_MESSAGE =
  'LibreOffice (soffice) was not found, so no PDF was written. Either install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-impress; Windows/macOS: libreoffice.org) ' +
  'or open the review in Holdfast (季度回顾) and use its 导出 PDF / print button. / 未找到 LibreOffice，未生成 PDF：请安装 LibreOffice，或在 Holdfast 的“季度回顾”页面使用“导出 PDF / 打印”。';

/** Converts a .pptx to a .pdf at `pdfPath`; throws with LibreOffice's output when it fails. */
export async function pptxToPdf(soffice: string, pptxPath: string, pdfPath: string, timeoutMs = 180_000): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'holdfast-pdf-'));
  try {
    const input = path.join(work, 'deck.pptx');
    await fs.copyFile(pptxPath, input);
    const profile = pathToFileURL(path.join(work, 'profile')).href;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        soffice,
        [`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', work, input],
        { timeout: timeoutMs, windowsHide: true },
        (err, stdout, stderr) => (err ? reject(new Error(`LibreOffice failed: ${err.message}\n${stdout}${stderr}`)) : resolve(`${stdout}${stderr}`)),
      );
    });
    const produced = path.join(work, 'deck.pdf');
    if (!(await isFile(produced))) throw new Error(`LibreOffice wrote no PDF:\n${output}`);
    await fs.copyFile(produced, pdfPath);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
