import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { createAwsAuditFactsSource } from '../adapters/audit-facts.js';
import { DynamoDbAuditStateStore, MemoryAuditStateStore } from '../adapters/audit-state.js';
import { createAwsFactsReader } from '../adapters/aws-facts-reader.js';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-store.js';
import { FactsCache } from '../adapters/facts-cache.js';
import { createFactsClients } from '../adapters/facts-clients.js';
import { ALERT_PATH_TIMEOUTS } from '../adapters/request-timeouts.js';
import { createSnsClient, SnsAlerter } from '../adapters/sns-alerter.js';
import { verifyRule } from '../checks/verify-rule.js';
import { failureKeysByBucket } from '../core/audit/failure-keys.js';
import { loadResolutionConfig, type SweepSummary, sweepResolutions } from '../responder/resolution.js';
import { runAudit } from './audit.js';
import { type AuditSummary, createAuditor } from './auditor.js';
import { loadAuditorConfig } from './config.js';
import { createLogger, createPowertoolsMetrics, PowertoolsAuditMetrics } from './observability.js';

/**
 * The auditor Lambda (SPEC "Fixed names"), invoked by a schedule; the event content is not used. Configuration and
 * clients are created once per container; a missing `ALERT_TOPIC_ARN` fails the init with a `ConfigError` saying what
 * to set. Each run reads the account afresh (its own facts cache), so a fix shows at the next run.
 */
const config = loadAuditorConfig(process.env);
const resolution = loadResolutionConfig(process.env);
const logger = createLogger();
const metrics = new PowertoolsAuditMetrics(createPowertoolsMetrics());
const clients = createFactsClients({ region: config.region });
const source = createAwsAuditFactsSource(clients);
const dynamo =
  config.auditStateTableName === undefined
    ? undefined
    : DynamoDBDocumentClient.from(new DynamoDBClient({ requestHandler: ALERT_PATH_TIMEOUTS }), {
        marshallOptions: { removeUndefinedValues: true },
      });
const tableName = config.auditStateTableName;
const incidents =
  dynamo === undefined || tableName === undefined
    ? undefined
    : new DynamoDbIncidentStore({ client: dynamo, tableName });

/** Open and resolved incidents read for the keys they sampled (the newest first). */
const INCIDENTS_READ = 500;

/** A facts reader for one run: each run reads the account afresh, so a fix shows at the next run. */
const freshReader = () =>
  createAwsFactsReader({
    region: config.region,
    clients,
    cache: new FactsCache(),
    destinationReadRoleArns: config.destinationReadRoleArns,
  });
const alerter = new SnsAlerter(createSnsClient(), config.alertTopicArn);

const audit = createAuditor({
  audit: ({ at, failureKeys }) =>
    runAudit(
      {
        facts: freshReader(),
        source,
      },
      {
        at,
        region: config.region,
        sourceBuckets: config.sourceBuckets,
        ...(config.eventQueueArn !== undefined ? { eventQueueArn: config.eventQueueArn } : {}),
        destinationAllowList: config.destinationAllowList,
        fleet: config.accountBuckets,
        ...(failureKeys !== undefined ? { failureKeys } : {}),
      },
    ),
  state:
    dynamo === undefined || tableName === undefined
      ? new MemoryAuditStateStore()
      : new DynamoDbAuditStateStore({ client: dynamo, tableName }),
  alerter,
  ...(incidents !== undefined
    ? { failureKeys: async () => failureKeysByBucket(await incidents.listIncidents({ limit: INCIDENTS_READ })) }
    : {}),
  clock: () => new Date(),
  logger,
  metrics,
});

/**
 * Marks incidents resolved once they have been quiet for `RESOLVE_AFTER_SECONDS` and their rule's checks pass now
 * (with a `resolved` alert unless `RESOLVED_ALERTS=false`). Needs the incident table; never throws.
 */
async function resolveQuietIncidents(): Promise<SweepSummary | undefined> {
  if (incidents === undefined) return undefined;
  const reader = freshReader();
  return sweepResolutions({
    store: incidents,
    verify: (bucket, ruleId) => verifyRule(reader, bucket, ruleId),
    alerter,
    clock: () => new Date(),
    quietSeconds: resolution.resolveAfterSeconds,
    resolvedAlerts: resolution.resolvedAlerts,
    logger,
  });
}

/** What one scheduled run returns: the audit summary and, with an incident table, the resolution sweep's. */
export type AuditorResult = AuditSummary & { readonly resolution?: SweepSummary };

/**
 * Runs one audit and returns its summary; publishes an `audit` alert only when findings changed. Then sweeps the
 * incident store for incidents to resolve.
 */
export async function handler(_event?: unknown, context?: Context): Promise<AuditorResult> {
  if (context !== undefined) logger.addContext(context);
  const summary = await audit();
  const swept = await resolveQuietIncidents();
  return swept === undefined ? summary : { ...summary, resolution: swept };
}

export type { AuditSummary } from './auditor.js';
export { createAuditor } from './auditor.js';
