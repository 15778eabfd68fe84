import type { LocalText } from '../../../shared/api/contract';

/** A file that cannot be read at all: one clear message naming the file, in both languages. */
export class ReadError extends Error {
  constructor(
    readonly fileName: string,
    readonly code: string,
    readonly text: LocalText,
  ) {
    super(`${fileName}: ${text.en}`);
    this.name = 'ReadError';
  }
}
