/** A tiny flag parser: `command --flag value --switch`. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface Flags {
  has(name: string): boolean;
  /** the one value of a flag; a flag given twice is refused (never silently one of them) */
  string(name: string): string;
  optionalString(name: string): string | undefined;
  /** every value of a repeatable flag (`--region A --region B`), in order; [] when absent */
  strings(name: string): string[];
}

/** Flags that never take a value, so `--create a.xlsx` keeps a.xlsx a file. */
export const SWITCHES: ReadonlySet<string> = new Set(['json', 'dry-run', 'all', 'create', 'help', 'version']);

/** `batch --pptx` picks formats (switches); `review --pptx FILE` names the file (a value). */
const BATCH_SWITCHES: ReadonlySet<string> = new Set([...SWITCHES, 'pptx', 'xlsx', 'pdf']);

/** The switches of the command argv names (its first word that is not a flag). */
export function switchesFor(argv: string[]): ReadonlySet<string> {
  const command = argv.find((a) => !a.startsWith('--'));
  return command === 'batch' ? BATCH_SWITCHES : SWITCHES;
}

export function parseArgs(argv: string[], switches: ReadonlySet<string> = switchesFor(argv)): { command: string | undefined; positionals: string[]; flags: Flags } {
  const values = new Map<string, (string | true)[]>();
  const positionals: string[] = [];
  const add = (name: string, v: string | true): void => {
    const list = values.get(name);
    if (list) list.push(v);
    else values.set(name, [v]);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (inline !== undefined) add(name, inline);
      else if (!switches.has(name) && next !== undefined && !next.startsWith('--')) {
        add(name, next);
        i++;
      } else add(name, true);
    } else positionals.push(arg);
  }
  const flags: Flags = {
    has: (name) => values.has(name),
    optionalString: (name) => {
      const list = values.get(name);
      if (!list) return undefined;
      if (list.length > 1) {
        const shown = list.map((v) => (v === true ? '(no value)' : v)).join(', ');
        throw new UsageError(
          name === 'workspace'
            ? `--workspace was given ${list.length} times (${shown}): a command works on one workspace; run it once per workspace, or restrict one workspace with --region / --manager, or use holdfast batch --by region`
            : `--${name} was given ${list.length} times (${shown}): give it once`,
        );
      }
      const v = list[0] as string | true;
      if (v === true) throw new UsageError(`--${name} needs a value`);
      return v;
    },
    string: (name) => {
      const v = flags.optionalString(name);
      if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
      return v;
    },
    strings: (name) => {
      const list = values.get(name) ?? [];
      const out: string[] = [];
      for (const v of list) {
        if (v === true || v.trim() === '') throw new UsageError(`--${name} needs a value`);
        out.push(v);
      }
      return out;
    },
  };
  return { command: positionals.shift(), positionals, flags };
}
