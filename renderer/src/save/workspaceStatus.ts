/**
 * The open workspace's status as the backend sees it (read-only and why, the last damaged
 * workspace, the last backup failure), shared by the banner, the damage screen and 设置.
 */
import { useEffect, useSyncExternalStore } from 'react';
import type { WorkspaceStatus } from '../../../shared/api/workspaceContract';
import { api } from '../api/transport';

let status: WorkspaceStatus | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Asks the backend again (after an open, a save error, a restore). */
export async function refreshWorkspaceStatus(): Promise<WorkspaceStatus | null> {
  try {
    status = await api.call('workspace.status', {});
  } catch {
    // keep the last known status: the banner must not flicker on one failed call
  }
  for (const l of listeners) l();
  return status;
}

/** The status, refreshed whenever `key` changes (the open workspace and its last change). */
export function useWorkspaceStatus(key: string): WorkspaceStatus | null {
  useEffect(() => {
    void refreshWorkspaceStatus();
  }, [key]);
  return useSyncExternalStore(subscribe, () => status);
}
