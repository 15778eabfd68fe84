/** A tiny flag parser: `command --flag value --switch`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Flags {
  has(name: string): boolean;
  string(name: string): string;
  optionalString(name: string): string | undefined;
}

/** Flags that never take a value, so `--create a.xlsx` keeps a.xlsx a file. */
export const SWITCHES: ReadonlySet<string> = new Set(['json', 'dry-run', 'all', 'create', 'help', 'version']);

export function parseArgs(argv: string[], switches: ReadonlySet<string> = SWITCHES): { command: string | undefined; positionals: string[]; flags: Flags } {
  const values = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) values.set(name, inline);
      else if (!switches.has(name) && next !== undefined && !next.startsWith('--')) {
        values.set(name, next);
        i++;
      } else values.set(name, true);
    } else positionals.push(arg);
  }
  const flags: Flags = {
    has: (name) => values.has(name),
    optionalString: (name) => {
      const v = values.get(name);
      if (v === true) throw new UsageError(`--${name} needs a value`);
      return v;
    },
    string: (name) => {
      const v = flags.optionalString(name);
      if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
      return v;
    },
  };
  return { command: positionals.shift(), positionals, flags };
}
