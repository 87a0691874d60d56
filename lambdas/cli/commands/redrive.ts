import { createBatchReplicationJob } from '../../adapters/batch-jobs.js';
import { DynamoDbIncidentStore } from '../../adapters/dynamodb-store.js';
import { bucketRegion, readReplicationConfiguration } from '../../adapters/replication-config.js';
import { verifyRule } from '../../checks/verify-rule.js';
import { UsageError } from '../../core/errors.js';
import {
  type IncidentSource,
  incidentSourceOfStore,
  planRedriveJob,
  type RedriveVerifier,
  renderRedrivePlan,
} from '../../core/ops/redrive.js';
import { ruleFiltersOnTags, ruleLabel, rulePrefix } from '../../core/ops/replication-config.js';
import {
  type AwsContext,
  callerIdentity,
  dynamoDbDocumentClient,
  requireCredentials,
  s3Client,
  s3ControlClient,
} from '../aws.js';
import {
  AWS_OPTIONS,
  booleanFlag,
  COMMON_OPTIONS,
  type Command,
  type CommandInput,
  STACK_OPTIONS,
  stringFlag,
} from '../command.js';
import { printJson } from '../io.js';
import { awsFactsReader } from '../live.js';
import { StackLookup } from '../stack.js';

/** What the redrive command needs from the rest of the product; the live wiring fills these in (redrive.md). */
export interface RedriveDeps {
  /** The incident store behind `--incident`, for the table the stack (or `--table`) names. */
  incidentSourceFor(params: { readonly tableName: string; readonly context: AwsContext }): IncidentSource;
  /** The live checks a redrive must pass before `--execute` creates the job. */
  verifierFor(params: { readonly input: CommandInput; readonly context: AwsContext }): RedriveVerifier;
  /** The clock (the idempotency token holds the UTC day). */
  now(): Date;
}

/**
 * The ports as wired in this build: incidents come from the DynamoDB incident store, and `--execute` first verifies
 * the rule with the live checks (with the caller's credentials, or `--facts FILE`).
 */
export const redriveDeps: RedriveDeps = {
  incidentSourceFor: ({ tableName, context }) =>
    incidentSourceOfStore(new DynamoDbIncidentStore({ client: dynamoDbDocumentClient(context), tableName })),
  verifierFor: ({ input, context }) => {
    const reader = awsFactsReader(context, input.io.env);
    return (bucket, ruleId) => verifyRule(reader, bucket, ruleId);
  },
  now: () => new Date(),
};

interface Target {
  readonly bucket: string;
  readonly ruleId: string;
  readonly incidentId?: string;
}

async function targetOf(
  input: CommandInput,
  deps: RedriveDeps,
  context: AwsContext,
  stack: StackLookup,
): Promise<Target> {
  const incidentId = stringFlag(input, 'incident');
  const [bucket] = input.positionals;
  const rule = stringFlag(input, 'rule');
  if (incidentId !== undefined) {
    if (bucket !== undefined || rule !== undefined) {
      throw new UsageError('redrive takes either --incident ID or <bucket> --rule R, not both');
    }
    const tableName = await stack.value({ output: 'IncidentTableName', flag: 'table', what: 'incident table name' });
    const incident = await deps.incidentSourceFor({ tableName, context }).getIncident(incidentId);
    if (incident === undefined) throw new UsageError(`incident ${incidentId} was not found in table ${tableName}`);
    return { bucket: incident.sourceBucket, ruleId: incident.ruleId, incidentId };
  }
  if (bucket === undefined || rule === undefined) {
    throw new UsageError('redrive needs --incident ID, or a bucket and --rule R');
  }
  return { bucket, ruleId: rule };
}

/**
 * `redrive --incident ID | <bucket> --rule R`: plan (default) or `--execute` an S3 Batch Replication job for the
 * rule's FAILED objects. `--execute` creates the job only after the live checks pass.
 * Exit 0: job created; 1: plan printed (failed objects await a redrive), checks failing, or no replication
 * configuration; 2: bad usage.
 *
 * `--json`: `{ bucket, ruleId, incidentId: string | null, status: 'planned' | 'created' | 'refused',
 * request: CreateJob input, verification: { ok, failing } | null, jobId: string | null }`.
 */
export function createRedriveCommand(deps: RedriveDeps): Command {
  return {
    name: 'redrive',
    maxPositionals: 1,
    summary: 'Plan or --execute an S3 Batch Replication job for the failed objects of an incident or rule',
    usage:
      'replication-doctor redrive (--incident ID | <bucket> --rule R) [--report-bucket B] [--manifest-bucket B] [--role-arn ARN] [--execute] [--stack S | --table T] [--profile P] [--region R] [--json]',
    options: {
      ...COMMON_OPTIONS,
      ...AWS_OPTIONS,
      ...STACK_OPTIONS,
      incident: { type: 'string' },
      rule: { type: 'string' },
      'report-bucket': { type: 'string' },
      'manifest-bucket': { type: 'string' },
      'role-arn': { type: 'string' },
      execute: { type: 'boolean', default: false },
    },
    async run(input) {
      const { io } = input;
      const json = booleanFlag(input, 'json');
      const execute = booleanFlag(input, 'execute');
      if (input.positionals.length === 0 && stringFlag(input, 'incident') === undefined) {
        throw new UsageError('redrive needs --incident ID, or a bucket and --rule R');
      }
      const context = await requireCredentials(input);
      const stack = new StackLookup(input, context);
      const target = await targetOf(input, deps, context, stack);

      const s3 = s3Client(context);
      const read = await readReplicationConfiguration(s3, target.bucket);
      if (read.kind === 'not-found') {
        const message = `bucket ${target.bucket} has no replication configuration; Batch Replication needs one (SrcBucketReplicationConfigMissing)`;
        if (json)
          printJson(io, {
            ...jsonHead(target),
            status: 'refused',
            request: null,
            verification: null,
            jobId: null,
            message,
          });
        else io.stdout(`${message}\n`);
        return 1;
      }
      const rules = read.configuration.Rules ?? [];
      const rule = rules.find((r, i) => ruleLabel(r, i) === target.ruleId);
      if (rule === undefined) {
        const existing = rules.map(ruleLabel).join(', ') || '(none)';
        throw new UsageError(`bucket ${target.bucket} has no rule ${target.ruleId}; its rules are: ${existing}`);
      }

      const roleArn = await stack.value({
        output: 'BatchReplicationRoleArn',
        flag: 'role-arn',
        what: 'Batch Replication role ARN',
      });
      const identity = await callerIdentity(context);
      const reportBucket = stringFlag(input, 'report-bucket');
      const manifestBucket = stringFlag(input, 'manifest-bucket');
      const request = planRedriveJob({
        accountId: identity.accountId,
        partition: identity.partition,
        sourceBucket: target.bucket,
        ruleId: target.ruleId,
        rulePrefix: rulePrefix(rule),
        roleArn,
        ...(target.incidentId !== undefined ? { incidentId: target.incidentId } : {}),
        ...(reportBucket !== undefined ? { reportBucket } : {}),
        ...(manifestBucket !== undefined ? { manifestBucket } : {}),
        now: deps.now(),
      });
      const rendered = renderRedrivePlan(request, {
        sourceBucket: target.bucket,
        ruleId: target.ruleId,
        ...(target.incidentId !== undefined ? { incidentId: target.incidentId } : {}),
        tagFilter: ruleFiltersOnTags(rule),
      });

      if (!execute) {
        if (json) printJson(io, { ...jsonHead(target), status: 'planned', request, verification: null, jobId: null });
        else
          io.stdout(
            `${rendered}\n\nNothing was created. Run again with --execute to verify the fix and create the job.\n`,
          );
        return 1;
      }

      const verification = await deps.verifierFor({ input, context })(target.bucket, target.ruleId);
      if (!verification.ok) {
        if (json) printJson(io, { ...jsonHead(target), status: 'refused', request, verification, jobId: null });
        else {
          io.stdout(
            `${rendered}\n\nNot created: the checks for rule ${target.ruleId} do not pass yet; fix these first:\n`,
          );
          io.stdout(`${verification.failing.map((f) => `  - ${f}`).join('\n')}\n`);
        }
        io.stderr(`redrive refused: ${verification.failing.length} failing check(s)\n`);
        return 1;
      }
      // Batch Operations jobs run in the source bucket's Region.
      const region = (await bucketRegion(s3, target.bucket)) ?? context.region;
      const jobId = await createBatchReplicationJob(s3ControlClient(context, region), request);
      if (json) printJson(io, { ...jsonHead(target), status: 'created', request, verification, jobId });
      else {
        io.stdout(`${rendered}\n\nCreated S3 Batch Replication job ${jobId} in ${region}.\n`);
        io.stdout(
          `Follow it: aws s3control describe-job --account-id ${request.AccountId} --job-id ${jobId} --region ${region}\n`,
        );
      }
      return 0;
    },
  };
}

function jsonHead(target: Target) {
  return { bucket: target.bucket, ruleId: target.ruleId, incidentId: target.incidentId ?? null };
}

/** The registered command, reading its ports from `redriveDeps` at run time. */
export const redriveCommand: Command = createRedriveCommand({
  incidentSourceFor: (params) => redriveDeps.incidentSourceFor(params),
  verifierFor: (params) => redriveDeps.verifierFor(params),
  now: () => redriveDeps.now(),
});
