/** `holdfast init` and `holdfast import --create`: an empty workspace for an analyst's own files. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createWorkspace, isWorkspace } from '../backend/storage/workspaceStore';
import { UsageError } from './args';

/** Creates an empty workspace in `dir` (a new or empty folder). Returns its display name. */
export async function initWorkspace(dir: string, name?: string): Promise<string> {
  if (await isWorkspace(dir)) throw new UsageError(`${dir} already holds a workspace; choose another folder`);
  let entries: string[] = [];
  try {
    entries = await fs.readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') throw new UsageError(`${dir} is a file, not a folder`);
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`cannot read ${dir}: ${(err as Error).message}`);
  }
  if (entries.length > 0) throw new UsageError(`${dir} is not empty and not a Holdfast workspace; choose a new or empty folder`);
  const display = name?.trim() || path.basename(dir) || 'workspace';
  await createWorkspace(dir, { name: display, branchName: null, source: 'empty', portfolio: { groups: [], facts: [] }, page: 'import' });
  return display;
}
