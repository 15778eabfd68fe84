/**
 * Shared by the import worker and its host (importService.ts), which cannot import the worker's
 * entry module: a file's result the main thread already holds (sent before, unchanged since),
 * sent in its place because the first sending moved the result's fact columns out of the worker.
 */
export const KEPT = 'kept-result';
