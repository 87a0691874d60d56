import { readdirSync, readFileSync } from 'node:fs';

/**
 * The hostile corpus: SQS message bodies under `test/hostile/corpus/`, one JSON file each, labelled with what the
 * responder must do with them:
 * - `malformed`: reported in `batchItemFailures` (so it is retried and reaches the DLQ), nothing published;
 * - `alert`: processed and alerted safely (`alerts` new alerts, default 1);
 * - `acknowledged`: a valid message that is not a failure (test event, other event types): no failure, no alert.
 * `cli` says what `replication-doctor diagnose --event - --offline` does with the body alone when that differs from
 * the responder: `parsed` where the CLI is deliberately more lenient (it trims a byte order mark, and takes a JSON
 * string document as a message body).
 */
export type Expectation = 'malformed' | 'alert' | 'acknowledged';

export interface CorpusCase {
  readonly name: string;
  readonly description: string;
  readonly expect: Expectation;
  readonly alerts: number;
  readonly cli: 'exit-2' | 'parsed';
  /** The SQS body, verbatim. */
  readonly body: string;
}

interface CaseFile {
  readonly description?: unknown;
  readonly expect?: unknown;
  readonly alerts?: unknown;
  readonly cli?: unknown;
  readonly body?: unknown;
  readonly bodyJson?: unknown;
}

const DIR = new URL('./corpus/', import.meta.url);
const EXPECTATIONS: readonly string[] = ['malformed', 'alert', 'acknowledged'];

function load(file: string): CorpusCase {
  const data = JSON.parse(readFileSync(new URL(file, DIR), 'utf8')) as CaseFile;
  const name = file.replace(/\.json$/, '');
  if (typeof data.description !== 'string' || typeof data.expect !== 'string' || !EXPECTATIONS.includes(data.expect)) {
    throw new Error(`corpus case ${name}: needs a description and expect ∈ ${EXPECTATIONS.join('|')}`);
  }
  const body = typeof data.body === 'string' ? data.body : JSON.stringify(data.bodyJson);
  if (typeof body !== 'string') throw new Error(`corpus case ${name}: needs body (string) or bodyJson`);
  const expect = data.expect as Expectation;
  return {
    name,
    description: data.description,
    expect,
    alerts: typeof data.alerts === 'number' ? data.alerts : expect === 'alert' ? 1 : 0,
    cli: data.cli === 'parsed' || expect !== 'malformed' ? 'parsed' : 'exit-2',
    body,
  };
}

/** Every corpus case, sorted by name. */
export const CORPUS: readonly CorpusCase[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map(load);

export const byExpectation = (expect: Expectation): CorpusCase[] => CORPUS.filter((c) => c.expect === expect);
