import { createAwsAuditFactsSource } from '../../adapters/audit-facts.js';
import { createAwsFactsReader } from '../../adapters/aws-facts-reader.js';
import { FactsCache } from '../../adapters/facts-cache.js';
import { createFactsClients } from '../../adapters/facts-clients.js';
import { loadFactsConfig } from '../../adapters/facts-config.js';
import {
  DEFAULT_STACK_NAME,
  readStackOutputs,
  StackNotFoundError,
  type StackOutputs,
} from '../../adapters/stack-outputs.js';
import { type AuditProgress, runAudit } from '../../auditor/audit.js';
import { type AuditReport, renderAuditText } from '../../core/audit/report.js';
import { oneLine, UsageError } from '../../core/errors.js';
import { type AwsContext, cloudFormationClient, requireCredentials } from '../aws.js';
import { AWS_OPTIONS, booleanFlag, COMMON_OPTIONS, type Command, type CommandInput, stringFlag } from '../command.js';
import { type CliIo, printJson } from '../io.js';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const ACCOUNT_ID = /^\d{12}$/;
const SQS_QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/;
const ACCOUNT_BUCKETS = ['full', 'coverage', 'off'] as const;
type AccountBuckets = (typeof ACCOUNT_BUCKETS)[number];

/** The non-blank items of a comma-separated list, trimmed, in order. */
function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function commaList(value: string | undefined): string[] {
  return [...new Set(splitList(value ?? ''))];
}

function bucketsFlag(input: CommandInput): string[] | undefined {
  const raw = stringFlag(input, 'buckets');
  if (raw === undefined) return undefined;
  const buckets = commaList(raw);
  if (buckets.length === 0) throw new UsageError('--buckets needs at least one bucket name (a,b,c)');
  const bad = buckets.find((b) => !BUCKET_NAME.test(b));
  if (bad !== undefined) throw new UsageError(`--buckets: "${oneLine(bad).slice(0, 70)}" is not an S3 bucket name`);
  return buckets;
}

function allowListOf(input: CommandInput): string[] {
  const raw = stringFlag(input, 'allow-accounts') ?? input.io.env.DESTINATION_ACCOUNT_ALLOW_LIST;
  const accounts = commaList(raw);
  const bad = accounts.find((a) => !ACCOUNT_ID.test(a));
  if (bad !== undefined) {
    throw new UsageError(`destination account allow-list: "${oneLine(bad).slice(0, 40)}" is not a 12-digit account id`);
  }
  return accounts;
}

function accountBucketsOf(input: CommandInput): AccountBuckets {
  const raw = stringFlag(input, 'account-buckets') ?? 'full';
  const found = ACCOUNT_BUCKETS.find((value) => value === raw);
  if (found === undefined) {
    throw new UsageError(`--account-buckets must be one of ${ACCOUNT_BUCKETS.join(', ')}, got "${oneLine(raw)}"`);
  }
  return found;
}

/** The source buckets and queue: flags first, then the stack's outputs. */
async function deploymentOf(
  input: CommandInput,
  context: AwsContext,
  buckets: string[] | undefined,
): Promise<{ sourceBuckets: string[]; eventQueueArn: string }> {
  const queueFlag = stringFlag(input, 'queue-arn');
  if (queueFlag !== undefined && !SQS_QUEUE_ARN.test(queueFlag)) {
    throw new UsageError(`--queue-arn must be an SQS queue ARN, got "${oneLine(queueFlag).slice(0, 100)}"`);
  }
  if (buckets !== undefined && queueFlag !== undefined) return { sourceBuckets: buckets, eventQueueArn: queueFlag };
  const stackName = stringFlag(input, 'stack') ?? DEFAULT_STACK_NAME;
  let outputs: StackOutputs;
  try {
    outputs = await readStackOutputs(cloudFormationClient(context), stackName);
  } catch (error) {
    if (error instanceof StackNotFoundError) {
      throw new UsageError(
        `stack ${stackName} does not exist in ${context.region}: pass --stack <name> of the deployed stack, or --buckets a,b and --queue-arn <arn>`,
        { cause: error },
      );
    }
    throw error;
  }
  const sourceBuckets = buckets ?? (outputs.SourceBuckets !== undefined ? splitList(outputs.SourceBuckets) : undefined);
  if (sourceBuckets === undefined) {
    throw new UsageError(`stack ${stackName} has no output SourceBuckets; pass --buckets a,b`);
  }
  const eventQueueArn = queueFlag ?? (outputs.EventQueueArn !== '' ? outputs.EventQueueArn : undefined);
  if (eventQueueArn === undefined) {
    throw new UsageError(`stack ${stackName} has no output EventQueueArn; redeploy it or pass --queue-arn <arn>`);
  }
  return { sourceBuckets, eventQueueArn };
}

/** A one-line progress display on stderr, redrawn in place; only for a terminal. */
function progressDisplay(io: CliIo): { update: (p: AuditProgress) => void; clear: () => void } {
  if (!io.interactive) return { update: () => {}, clear: () => {} };
  return {
    update: (p) => io.stderr(`\r\u001b[2Kauditing ${p.done}/${p.total} bucket(s)${p.bucket ? `: ${p.bucket}` : ''}`),
    clear: () => io.stderr('\r\u001b[2K'),
  };
}

/** The `--json` document (documented in `audit.md`). */
export function auditJson(report: AuditReport) {
  return {
    buckets: report.buckets.map((b) => ({
      bucket: b.bucket,
      configured: b.configured,
      region: b.region ?? null,
      replication: b.replication,
      notifications: b.notifications,
      rules: b.rules,
      findings: b.findings.map((f) => f.id),
    })),
    findings: report.findings,
    summary: {
      at: report.at,
      region: report.region ?? null,
      accountId: report.accountId ?? null,
      buckets: report.buckets.length,
      rulesChecked: report.rulesChecked,
      findings: report.summary,
    },
  };
}

/**
 * `audit`: every configured source bucket and every other bucket of the account (in the Region) with a replication
 * configuration: would a failure even be reported (metrics on, notifications wired to the responder's queue) and would
 * replication work (the checks). Exit 0: no finding above info; 1: findings; 2: bad usage or no credentials.
 */
export const auditCommand: Command = {
  name: 'audit',
  maxPositionals: 0,
  summary: 'Audit every replication setup: would failures be reported (metrics, notifications), would it work',
  usage:
    'replication-doctor audit [--buckets a,b] [--stack S] [--queue-arn ARN] [--allow-accounts 111122223333,...] [--account-buckets full|coverage|off] [--profile P] [--region R] [--json]',
  options: {
    ...COMMON_OPTIONS,
    ...AWS_OPTIONS,
    buckets: { type: 'string' },
    stack: { type: 'string', default: DEFAULT_STACK_NAME },
    'queue-arn': { type: 'string' },
    'allow-accounts': { type: 'string' },
    'account-buckets': { type: 'string' },
  },
  async run(input) {
    const { io } = input;
    const json = booleanFlag(input, 'json');
    const buckets = bucketsFlag(input);
    const destinationAllowList = allowListOf(input);
    const fleet = accountBucketsOf(input);
    let roles: readonly string[];
    try {
      roles = loadFactsConfig(io.env).destinationReadRoleArns;
    } catch (error) {
      throw new UsageError(oneLine(error), { cause: error });
    }

    const context = await requireCredentials(input);
    const { sourceBuckets, eventQueueArn } = await deploymentOf(input, context, buckets);
    const clients = createFactsClients({ region: context.region, credentials: context.credentials });
    const progress = progressDisplay(io);
    let report: AuditReport;
    try {
      report = await runAudit(
        {
          facts: createAwsFactsReader({
            region: context.region,
            clients,
            cache: new FactsCache(),
            destinationReadRoleArns: roles,
          }),
          source: createAwsAuditFactsSource(clients),
        },
        {
          at: new Date().toISOString(),
          region: context.region,
          sourceBuckets,
          eventQueueArn,
          destinationAllowList,
          fleet,
          onProgress: progress.update,
        },
      );
    } finally {
      progress.clear();
    }

    if (json) printJson(io, auditJson(report));
    else io.stdout(renderAuditText(report));
    return report.summary.critical + report.summary.warning > 0 ? 1 : 0;
  },
};
