import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.js';

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

/** Options of commands that read the account. */
export const AWS_OPTIONS = {
  profile: { type: 'string' },
  region: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** Options of commands that need the deployed stack. */
export const STACK_OPTIONS = {
  stack: { type: 'string', default: 'ReplicationDoctor' },
  table: { type: 'string' },
  queue: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/** Parsed arguments handed to a command. */
export interface CommandInput {
  readonly positionals: readonly string[];
  readonly values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly io: CliIo;
}

/** One CLI command. `run` returns the exit code: 0 nothing failing, 1 problems found; usage errors throw. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** How many positional arguments the command takes; more is a usage error. */
  readonly maxPositionals: number;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  run(input: CommandInput): Promise<number>;
}

/** Reads a string flag. */
export function stringFlag(input: CommandInput, name: string): string | undefined {
  const value = input.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads a boolean flag. */
export function booleanFlag(input: CommandInput, name: string): boolean {
  return input.values[name] === true;
}
