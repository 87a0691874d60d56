import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { DynamoDbIncidentStore } from '../adapters/dynamodb-store.js';
import { MemoryIncidentStore } from '../adapters/memory-store.js';
import { ALERT_PATH_TIMEOUTS } from '../adapters/request-timeouts.js';
import { createSnsClient, SnsAlerter } from '../adapters/sns-alerter.js';
import { catalogDiagnoser } from '../core/diagnose.js';
import type { IncidentStore } from '../core/store.js';
import { loadConfig, type ResponderConfig } from './config.js';
import { createDiagnoserFromConfig } from './diagnoser.js';
import { createLogger, createPowertoolsMetrics, PowertoolsResponderMetrics } from './observability.js';
import { createResponder } from './responder.js';

/**
 * The responder Lambda (SPEC "Fixed names"): SQS batch of S3 replication events → incidents → alerts, with partial
 * batch responses. Configuration and clients are created once per container; a missing `ALERT_TOPIC_ARN` fails
 * the init with a `ConfigError` saying what to set.
 */
const config = loadConfig(process.env);
const logger = createLogger();
const metrics = new PowertoolsResponderMetrics(createPowertoolsMetrics());

function createStore(settings: ResponderConfig): IncidentStore {
  const options = { claimLeaseSeconds: settings.claimLeaseSeconds, ttlSeconds: settings.incidentTtlSeconds };
  if (settings.incidentTableName === undefined) return new MemoryIncidentStore(options);
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ requestHandler: ALERT_PATH_TIMEOUTS }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return new DynamoDbIncidentStore({ client, tableName: settings.incidentTableName, ...options });
}

const respond = createResponder({
  store: createStore(config),
  alerter: new SnsAlerter(createSnsClient(), config.alertTopicArn),
  diagnoser: config.liveChecks ? createDiagnoserFromConfig(config) : catalogDiagnoser(),
  clock: () => new Date(),
  logger,
  metrics,
  config,
});

export async function handler(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  logger.addContext(context);
  return respond(event, context);
}

export { createResponder } from './responder.js';
