import { runCli } from '../../lambdas/cli/cli.js';
import type { CliIo } from '../../lambdas/cli/io.js';

/** The result of an in-process CLI run. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function runCliCaptured(
  argv: readonly string[],
  options: { stdin?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? '',
    env: options.env ?? {},
    interactive: false,
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
