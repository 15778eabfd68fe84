/** The demo branch: generated deterministically, written as a workspace or as the workbooks an analyst receives. */
import fs from 'node:fs/promises';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { generateDemoBranch, type DemoBranch } from '../../shared/demo/generateDemoBranch';
import { groupMasterSheet, monthlyBillingSheet, sheetToAoa, type SheetData } from '../../shared/demo/demoWorkbooks';
import { writeFileAtomic } from './storage/atomicWrite';
import { createWorkspace } from './storage/workspaceStore';

export const DEMO_WORKSPACE_ID = 'demo';
export const DEMO_MASTER_FILE = '集团客户资料.xlsx';
export const DEMO_BILLING_FILE = '月度出账.xlsx';
export const DEMO_PLANTED_FILE = 'planted.json';

export async function createDemoWorkspace(dir: string, branch: DemoBranch = generateDemoBranch()): Promise<void> {
  await createWorkspace(dir, {
    name: `${branch.branchName}（示例）`,
    branchName: branch.branchName,
    source: 'demo',
    portfolio: branch.portfolio,
  });
}

function sheetWorkbook(sheet: SheetData): Uint8Array {
  const aoa = sheetToAoa(sheet);
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  // The title spans the table, as in the 经分 exports.
  ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: Math.max(0, sheet.headers.length - 1) } }];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheet.sheetName);
  // A fixed creation date keeps the bytes identical for the same seed.
  wb.Props = { Title: sheet.title, Author: 'Holdfast demo', CreatedDate: new Date(Date.UTC(2026, 0, 1)) };
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}

export interface DemoFiles {
  master: string;
  billing: string;
  planted: string;
}

/** Writes the group master and monthly billing workbooks, plus the planted groups for tests. */
export async function writeDemoWorkbooks(outDir: string, branch: DemoBranch = generateDemoBranch()): Promise<DemoFiles> {
  await fs.mkdir(outDir, { recursive: true });
  const files: DemoFiles = {
    master: path.join(outDir, DEMO_MASTER_FILE),
    billing: path.join(outDir, DEMO_BILLING_FILE),
    planted: path.join(outDir, DEMO_PLANTED_FILE),
  };
  await writeFileAtomic(files.master, sheetWorkbook(groupMasterSheet(branch)));
  await writeFileAtomic(files.billing, sheetWorkbook(monthlyBillingSheet(branch)));
  await writeFileAtomic(
    files.planted,
    JSON.stringify({ seed: branch.seed, branchName: branch.branchName, periods: branch.periods, planted: branch.planted, events: branch.events }, null, 2),
  );
  return files;
}
