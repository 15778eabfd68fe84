/** Errors of the workspace storage layer. */

export type WorkspaceErrorKind =
  /** a file is truncated, corrupt, fails its checksum or does not parse: offer the newest good backup */
  | 'damaged'
  /** a file could not be read at all (permissions, missing, locked) */
  | 'unreadable'
  /** written by a newer Holdfast in a way this version cannot read */
  | 'newer-format'
  /** the workspace is open read-only (another process holds it, or it is from a newer version) */
  | 'read-only'
  /** a backup to restore does not exist or is itself damaged */
  | 'backup';

export class WorkspaceError extends Error {
  constructor(
    /** the file (or folder) at fault, absolute */
    readonly file: string,
    message: string,
    readonly kind: WorkspaceErrorKind = 'damaged',
  ) {
    super(message);
    this.name = 'WorkspaceError';
  }
}

/** Bilingual reason a workspace is open read-only. */
export interface ReadOnlyReason {
  code: 'locked' | 'newer-format';
  message: { zh: string; en: string };
  /** for 'locked': who holds the lock, when known */
  owner?: { pid: number; host: string; since: string };
}

/** A save was attempted on a read-only workspace; nothing was written. */
export class WorkspaceReadOnlyError extends WorkspaceError {
  constructor(
    dir: string,
    readonly reason: ReadOnlyReason,
  ) {
    super(dir, `The workspace is open read-only, nothing was saved: ${reason.message.en}`, 'read-only');
    this.name = 'WorkspaceReadOnlyError';
  }
}
