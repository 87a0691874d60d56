import { readFile } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';

/** Where a command writes. Tests pass buffers; `main.ts` passes the process streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True when stderr is a terminal (progress displays). */
  readonly interactive: boolean;
}

/** Reads a file, or standard input for `-`, with a one-line error for a missing or unreadable file. */
export async function readInput(io: CliIo, path: string): Promise<string> {
  if (path === '-') return io.readStdin();
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'cannot read');
    throw new UsageError(`cannot read ${path}: ${why}`, { cause: error });
  }
}

/** Prints a JSON document on stdout (and nothing else there). */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
