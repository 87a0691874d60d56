import { parseArgs } from 'node:util';
import { oneLine, UsageError } from '../core/errors.js';
import type { Command } from './command.js';
import { auditCommand } from './commands/audit.js';
import { catalogCommand } from './commands/catalog.js';
import { checkBucketCommand } from './commands/check-bucket.js';
import { checkObjectCommand } from './commands/check-object.js';
import { diagnoseCommand } from './commands/diagnose.js';
import { dlqCommand } from './commands/dlq.js';
import { enableMetricsCommand } from './commands/enable-metrics.js';
import { explainCommand } from './commands/explain.js';
import { incidentsCommand } from './commands/incidents.js';
import { redriveCommand } from './commands/redrive.js';
import type { CliIo } from './io.js';

/** Every command, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [
  catalogCommand,
  explainCommand,
  diagnoseCommand,
  checkBucketCommand,
  checkObjectCommand,
  auditCommand,
  incidentsCommand,
  redriveCommand,
  enableMetricsCommand,
  dlqCommand,
];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'replication-doctor: why is my S3 replication not working?',
    '',
    'Usage: replication-doctor <command> [options]   (--json on every command; --help on each)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Exit codes: 0 nothing failing, 1 problems found, 2 bad usage or unreadable input.',
    '',
  ].join('\n');
}

/**
 * Runs the CLI in-process and returns the exit code. User mistakes print one line on stderr and return 2;
 * no stack trace reaches the user.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Flags may come before the command (`--json catalog`): the command is the first command name, else the first
  // word that is not a flag (reported as unknown).
  const names = new Set(COMMANDS.map((c) => c.name));
  const known = argv.findIndex((arg) => names.has(arg));
  const at = known !== -1 ? known : argv.findIndex((arg) => !arg.startsWith('-'));
  const name = at === -1 ? undefined : argv[at];
  const rest = at === -1 ? [...argv] : [...argv.slice(0, at), ...argv.slice(at + 1)];
  if (name === undefined || name === 'help') {
    if (rest.includes('--version') || rest.includes('-v')) {
      io.stdout(`${await packageVersion()}\n`);
      return 0;
    }
    if (name === 'help' || rest.includes('--help') || rest.includes('-h')) {
      io.stdout(helpText());
      return 0;
    }
    io.stderr('replication-doctor: missing command; run replication-doctor --help for the list\n');
    return 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`replication-doctor: unknown command "${oneLine(name).slice(0, 60)}"; run replication-doctor --help\n`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    if (values.help === true) {
      io.stdout(`Usage: ${command.usage}\n`);
      return 0;
    }
    if (positionals.length > command.maxPositionals) {
      const extra = positionals.slice(command.maxPositionals).join(' ');
      throw new UsageError(
        `unexpected argument${positionals.length - command.maxPositionals > 1 ? 's' : ''}: ${oneLine(extra).slice(0, 80)}; usage: ${command.usage}`,
      );
    }
    return await command.run({ values, positionals, io });
  } catch (error) {
    const known = error instanceof UsageError || (error instanceof TypeError && 'code' in error);
    const prefix = known ? '' : 'error: ';
    io.stderr(`replication-doctor ${command.name}: ${prefix}${oneLine(error)}\n`);
    if (!known && io.env.REPLICATION_DOCTOR_DEBUG === 'true' && error instanceof Error && error.stack)
      io.stderr(`${error.stack}\n`);
    return 2;
  }
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? 'unknown';
}
