import { Annotations, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeDoctorFindings } from './acknowledgements.js';
import { createHealthAlarms } from './alarms.js';
import { createBatchReplicationRole, createBatchReportBucket } from './batch-replication.js';
import { buildDashboard, DOCTOR_NAMESPACE } from './dashboard.js';
import { doctorFunction } from './functions.js';
import { ScopedQueueDestination } from './notification-destination.js';
import { bucketArn, replicationReadStatements } from './permissions.js';
import { resolveSettings } from './settings.js';

export { BUCKET_NOTIFICATIONS_HANDLER_ID } from './acknowledgements.js';
export { MAX_SOURCE_BUCKETS, MAX_SUPPRESSION_JSON_LENGTH } from './settings.js';

/** The S3 replication event types the responder understands (SPEC "Intake"). */
export const REPLICATION_EVENT_TYPES: readonly s3.EventType[] = [
  s3.EventType.REPLICATION_OPERATION_FAILED_REPLICATION,
  s3.EventType.REPLICATION_OPERATION_MISSED_THRESHOLD,
  s3.EventType.REPLICATION_OPERATION_REPLICATED_AFTER_THRESHOLD,
  s3.EventType.REPLICATION_OPERATION_NOT_TRACKED,
];

/** Responder timeout; the queue's visibility timeout is derived from it. */
export const RESPONDER_TIMEOUT = Duration.seconds(60);
/** SQS batching window of the responder's event source. */
export const RESPONDER_BATCHING_WINDOW = Duration.seconds(5);
/** Records per responder invocation. */
export const RESPONDER_BATCH_SIZE = 100;
/** Receives before a message moves to the dead-letter queue (Lambda docs recommend at least 5). */
export const MAX_RECEIVE_COUNT = 5;
/** At most this many source buckets per deployment: IAM inline policies are limited to 10,240 characters. */

/**
 * A failure the team has judged benign: matching failures are counted (metric `SuppressedFailures`), never
 * paged. A rule matches when every field it sets matches; at least one matcher must be set.
 */
export interface SuppressionRule {
  /**
   * Source bucket name.
   * @default - any configured source bucket
   */
  readonly sourceBucket?: string;
  /**
   * Destination bucket name (or ARN).
   * @default - any destination
   */
  readonly destinationBucket?: string;
  /**
   * Replication rule id.
   * @default - any rule
   */
  readonly ruleId?: string;
  /**
   * Object key prefix (case-sensitive, decoded key).
   * @default - any key
   */
  readonly keyPrefix?: string;
  /**
   * Object key suffix (case-sensitive, decoded key).
   * @default - any key
   */
  readonly keySuffix?: string;
  /**
   * `failureReason` code, e.g. `DstObjectHardDeleted`.
   * @default - any reason
   */
  readonly failureReason?: string;
  /**
   * Why the failure is benign; kept for people reading the configuration.
   * @default - none
   */
  readonly comment?: string;
}

/** Properties of {@link ReplicationDoctor}. */
export interface ReplicationDoctorProps {
  /**
   * Names of EXISTING buckets, in this stack's account and Region, whose replication events are diagnosed.
   * Their other event notifications are kept.
   */
  readonly sourceBucketNames: string[];
  /**
   * Email addresses subscribed to the alert topic (each must confirm the subscription).
   * @default - no email subscriptions
   */
  readonly alertEmails?: string[];
  /**
   * `https://` endpoints subscribed to the alert topic.
   * @default - no HTTPS subscriptions
   */
  readonly alertHttpsEndpoints?: string[];
  /**
   * An existing topic to publish alerts to instead of creating one. If it is KMS-encrypted, its key policy
   * must allow the responder and auditor roles `kms:GenerateDataKey*` and `kms:Decrypt`.
   * @default - a new topic encrypted with a customer managed key
   */
  readonly existingAlertTopic?: sns.ITopic;
  /**
   * Read-only roles in destination accounts (deploy the `ReplicationDoctorDestinationAccess` stack there).
   * @default - cross-account destination settings are reported as `unknown`
   */
  readonly destinationReadRoleArns?: string[];
  /**
   * Destination accounts the auditor accepts as intended (`DESTINATION_ACCOUNT_ALLOW_LIST`).
   * @default - every destination account is accepted
   */
  readonly destinationAllowList?: string[];
  /**
   * At most one digest alert per incident per interval (1 minute to 1 day).
   * @default Duration.minutes(15)
   */
  readonly digestInterval?: Duration;
  /**
   * How long live re-check results are cached per resource (10 seconds to 1 hour).
   * @default Duration.minutes(5)
   */
  readonly checkCacheTtl?: Duration;
  /**
   * Run targeted live re-checks; `false` gives the catalog diagnosis only, with no AWS reads.
   * @default true
   */
  readonly liveChecks?: boolean;
  /**
   * Publish a `latency` alert per rule (at most once per digest interval) when threshold or not-tracked events
   * arrive (`LATENCY_ALERTS`); they are always counted as metrics.
   * @default - the responder's default (no latency alerts)
   */
  readonly latencyAlerts?: boolean;
  /**
   * Quiet period after which the auditor marks an incident resolved, if its rule's checks pass
   * (`RESOLVE_AFTER_SECONDS`). Resolution runs with the auditor's schedule.
   * @default - the auditor's default, 1 hour
   */
  readonly resolveAfter?: Duration;
  /**
   * Publish a `resolved` alert when the auditor resolves an incident (`RESOLVED_ALERTS`).
   * @default - the auditor's default, true
   */
  readonly resolvedAlerts?: boolean;
  /**
   * Allow `HeadObject` on source objects (`s3:GetObject`/`s3:GetObjectVersion`, which `HeadObject` needs; the
   * code never downloads objects). `false` removes both grants and the object-state checks report `unknown`.
   * @default true
   */
  readonly objectChecks?: boolean;
  /**
   * Create the CloudWatch dashboard.
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * Dashboard name.
   * @default - generated by CloudFormation
   */
  readonly dashboardName?: string;
  /**
   * When the auditor runs.
   * @default events.Schedule.rate(Duration.days(1))
   */
  readonly auditSchedule?: events.Schedule;
  /**
   * Email addresses subscribed to the ops topic that receives the health alarms.
   * @default - no subscriptions (subscribe later, e.g. a chat integration)
   */
  readonly opsEmails?: string[];
  /**
   * Code of the responder instead of bundling `lambdas/responder/handler.ts` (used by tests).
   * @default - esbuild bundle of `lambdas/responder/handler.ts`
   */
  readonly responderCode?: lambda.Code;
  /**
   * Code of the auditor instead of bundling `lambdas/auditor/handler.ts` (used by tests).
   * @default - esbuild bundle of `lambdas/auditor/handler.ts`
   */
  readonly auditorCode?: lambda.Code;
  /**
   * Upper bound of concurrent responder invocations (SQS event source `MaximumConcurrency`, 2 to 1000).
   * @default 5
   */
  readonly responderMaxConcurrency?: number;
  /**
   * Create a role for S3 Batch Replication jobs that re-replicate failed objects (`replication-doctor redrive`).
   * @default false
   */
  readonly batchReplicationRole?: boolean;
  /**
   * Existing bucket (same Region) for Batch Replication manifests and completion reports.
   * @default - a private, SSE-S3, TLS-only bucket created here whose objects expire after 90 days
   */
  readonly batchReportBucketName?: string;
  /**
   * Key prefix for Batch Replication manifests and reports; the role may write only under it.
   * @default 'replication-doctor/batch-replication/'
   */
  readonly batchReportPrefix?: string;
  /**
   * Benign failures to count but never page (`SUPPRESSION_RULES`).
   * @default - nothing is suppressed
   */
  readonly suppressions?: SuppressionRule[];
  /**
   * Set `NODE_OPTIONS=--enable-source-maps` on the functions, so stack traces in the logs point at the TypeScript
   * sources. Costs about 40–50 ms of cold start (Node parses the source map at load); the `.map` file is deployed
   * either way, so traces can also be decoded afterwards.
   * @default false
   */
  readonly sourceMapsAtRuntime?: boolean;
  /**
   * Retention of the functions' log groups.
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: logs.RetentionDays;
}

/** A stable construct id per bucket name, so reordering the list never replaces a notification resource. */
function bucketConstructId(name: string, index: number): string {
  return Token.isUnresolved(name) ? `SourceBucket${index}` : `SourceBucket-${name}`;
}

/**
 * S3 Replication Doctor: replication failure events from existing source buckets to an encrypted queue, a
 * responder that diagnoses them and alerts once per cause, a scheduled auditor, an incident table, a dashboard
 * and health alarms. Every AWS read it needs is read-only; it never writes to a bucket.
 */
export class ReplicationDoctor extends Construct {
  /** The imported source buckets. */
  public readonly sourceBuckets: readonly s3.IBucket[];
  /** Customer managed key of the event queue and its dead-letter queue. */
  public readonly queueKey: kms.Key;
  /** Queue that receives the S3 replication events. */
  public readonly eventQueue: sqs.Queue;
  /** Messages the responder could not process after {@link MAX_RECEIVE_COUNT} receives. */
  public readonly deadLetterQueue: sqs.Queue;
  /** Where alerts go. */
  public readonly alertTopic: sns.ITopic;
  /** Key of the alert topic, when this construct created the topic. */
  public readonly alertTopicKey?: kms.Key;
  /** Where the health alarms go. */
  public readonly opsTopic: sns.Topic;
  /** Key of the ops topic; its policy lets CloudWatch alarms use it. */
  public readonly opsTopicKey: kms.Key;
  /** Incidents (responder) and audit state (auditor). */
  public readonly incidentTable: dynamodb.TableV2;
  /** Execution role of the responder (trusted by `ReplicationDoctorDestinationAccess`). */
  public readonly responderRole: iam.Role;
  /** The responder function. */
  public readonly responder: lambda.Function;
  /** Execution role of the auditor. */
  public readonly auditorRole: iam.Role;
  /** The auditor function. */
  public readonly auditor: lambda.Function;
  /** The health alarms. */
  public readonly alarms: readonly cw.Alarm[];
  /** The dashboard, unless turned off. */
  public readonly dashboard?: cw.Dashboard;
  /** Role for S3 Batch Replication jobs, when requested. */
  public readonly batchReplicationRole?: iam.Role;
  /** Bucket for Batch Replication manifests and reports, when the role is requested. */
  public readonly batchReportBucket?: s3.IBucket;
  /** Key prefix for Batch Replication manifests and reports. */
  public readonly batchReportPrefix: string;

  constructor(scope: Construct, id: string, props: ReplicationDoctorProps) {
    super(scope, id);
    const settings = resolveSettings(props);
    const stack = Stack.of(this);
    const sourceArns = settings.sourceBucketNames.map((name) => bucketArn(this, name));
    this.batchReportPrefix = settings.batchReportPrefix;

    // --- Queue, DLQ and their key -------------------------------------------------------------------------
    this.queueKey = new kms.Key(this, 'EventQueueKey', {
      description: 'S3 Replication Doctor: encrypts the replication event queue and its dead-letter queue',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.eventQueue = new sqs.Queue(this, 'EventQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      // Lambda docs: at least 6x the function timeout, plus the batching window.
      visibilityTimeout: Duration.seconds(6 * RESPONDER_TIMEOUT.toSeconds() + RESPONDER_BATCHING_WINDOW.toSeconds()),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });

    // --- S3 may send only from the configured buckets of this account ----------------------------------------
    const fromSourceBuckets = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': sourceArns },
    };
    const s3Service = new iam.ServicePrincipal('s3.amazonaws.com');
    this.queueKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowS3ReplicationEventsFromSourceBuckets',
        principals: [s3Service],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromSourceBuckets,
      }),
    );
    const queuePolicy = this.eventQueue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowS3ReplicationEventsFromSourceBuckets',
        principals: [s3Service],
        actions: ['sqs:SendMessage'],
        resources: [this.eventQueue.queueArn],
        conditions: fromSourceBuckets,
      }),
    );
    const destination = new ScopedQueueDestination(this.eventQueue, [
      this.queueKey,
      ...(queuePolicy.policyDependable ? [queuePolicy.policyDependable] : []),
    ]);
    this.sourceBuckets = settings.sourceBucketNames.map((name, i) => {
      const bucket = s3.Bucket.fromBucketName(this, bucketConstructId(name, i), name);
      // An imported bucket gets Custom::S3BucketNotifications with Managed: false, which merges these
      // configurations into the bucket's existing ones instead of replacing them.
      for (const eventType of REPLICATION_EVENT_TYPES) bucket.addEventNotification(eventType, destination);
      return bucket;
    });
    Annotations.of(this).addWarningV2(
      'replication-doctor:ReplicationMetricsRequired',
      `S3 sends replication failure events only for replication rules with replication metrics enabled (Destination.Metrics.Status=Enabled); the threshold events also need Replication Time Control. Check every rule of ${settings.sourceBucketNames.join(', ')} (replication-doctor audit, or replication-doctor enable-metrics <bucket>).`,
    );

    // --- Topics --------------------------------------------------------------------------------------------
    if (props.existingAlertTopic) {
      this.alertTopic = props.existingAlertTopic;
      Annotations.of(this).addInfoV2(
        'replication-doctor:ExistingAlertTopic',
        'Alerts go to an existing topic: if it is KMS-encrypted, its key policy must allow the responder and auditor roles kms:GenerateDataKey* and kms:Decrypt.',
      );
    } else {
      this.alertTopicKey = new kms.Key(this, 'AlertTopicKey', {
        description: 'S3 Replication Doctor: encrypts the alert topic',
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      this.alertTopic = new sns.Topic(this, 'AlertTopic', {
        displayName: 'S3 Replication Doctor alerts',
        masterKey: this.alertTopicKey,
        enforceSSL: true,
      });
    }
    for (const email of settings.alertEmails)
      this.alertTopic.addSubscription(new subscriptions.EmailSubscription(email));
    for (const url of settings.alertHttpsEndpoints) {
      this.alertTopic.addSubscription(
        new subscriptions.UrlSubscription(url, { protocol: sns.SubscriptionProtocol.HTTPS }),
      );
    }

    this.opsTopicKey = new kms.Key(this, 'OpsTopicKey', {
      description: 'S3 Replication Doctor: encrypts the ops topic that receives the health alarms',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Without this, CloudWatch cannot publish to an encrypted topic and alarms never arrive.
    this.opsTopicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToUseTheKey',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.opsTopic = new sns.Topic(this, 'OpsTopic', {
      displayName: 'S3 Replication Doctor health alarms',
      masterKey: this.opsTopicKey,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy, which replaces the default one that let CloudWatch publish.
    this.opsTopic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.opsTopic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
        },
      }),
    );
    for (const email of settings.opsEmails) this.opsTopic.addSubscription(new subscriptions.EmailSubscription(email));

    // --- Incident store --------------------------------------------------------------------------------------
    this.incidentTable = new dynamodb.TableV2(this, 'IncidentTable', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      timeToLiveAttribute: 'ttl',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // --- Responder -------------------------------------------------------------------------------------------
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    this.responderRole = new iam.Role(this, 'ResponderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'S3 Replication Doctor responder: read-only diagnosis of replication failures',
    });
    const responderLogs = new logs.LogGroup(this, 'ResponderLogs', { retention: logRetention });
    responderLogs.grantWrite(this.responderRole);
    const commonEnvironment: Record<string, string> = {
      ALERT_TOPIC_ARN: this.alertTopic.topicArn,
      POWERTOOLS_METRICS_NAMESPACE: DOCTOR_NAMESPACE,
      ...(props.sourceMapsAtRuntime ? { NODE_OPTIONS: '--enable-source-maps' } : {}),
      ...(settings.destinationReadRoleArns.length > 0
        ? { DESTINATION_READ_ROLE_ARNS: settings.destinationReadRoleArns.join(',') }
        : {}),
    };
    this.responder = doctorFunction(this, 'Responder', {
      entry: 'lambdas/responder/handler.ts',
      code: props.responderCode,
      description: 'S3 Replication Doctor responder: diagnoses replication failure events and alerts once per cause',
      role: this.responderRole,
      logGroup: responderLogs,
      timeout: RESPONDER_TIMEOUT,
      environment: {
        ...commonEnvironment,
        POWERTOOLS_SERVICE_NAME: 'replication-doctor',
        INCIDENT_TABLE_NAME: this.incidentTable.tableName,
        DIGEST_INTERVAL_SECONDS: String(settings.digestIntervalSeconds),
        CHECK_CACHE_TTL_SECONDS: String(settings.checkCacheTtlSeconds),
        LIVE_CHECKS: String(settings.liveChecks),
        ...(props.latencyAlerts === undefined ? {} : { LATENCY_ALERTS: String(props.latencyAlerts) }),
        ...(settings.suppressionJson ? { SUPPRESSION_RULES: settings.suppressionJson } : {}),
      },
    });
    this.responder.addEventSource(
      new SqsEventSource(this.eventQueue, {
        batchSize: RESPONDER_BATCH_SIZE,
        maxBatchingWindow: RESPONDER_BATCHING_WINDOW,
        reportBatchItemFailures: true,
        maxConcurrency: settings.responderMaxConcurrency,
      }),
    );
    for (const statement of replicationReadStatements(this, {
      sourceBucketNames: settings.sourceBucketNames,
      objectReads: settings.objectChecks,
      accountWideAudit: false,
      destinationReadRoleArns: settings.destinationReadRoleArns,
    })) {
      this.responderRole.addToPolicy(statement);
    }
    this.incidentTable.grantReadWriteData(this.responderRole);
    this.alertTopic.grantPublish(this.responderRole);

    // --- Auditor ---------------------------------------------------------------------------------------------
    this.auditorRole = new iam.Role(this, 'AuditorRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'S3 Replication Doctor auditor: read-only audit of replication setups',
    });
    const auditorLogs = new logs.LogGroup(this, 'AuditorLogs', { retention: logRetention });
    auditorLogs.grantWrite(this.auditorRole);
    this.auditor = doctorFunction(this, 'Auditor', {
      entry: 'lambdas/auditor/handler.ts',
      code: props.auditorCode,
      description: 'S3 Replication Doctor auditor: checks every replication setup on a schedule',
      role: this.auditorRole,
      logGroup: auditorLogs,
      timeout: Duration.minutes(5),
      environment: {
        ...commonEnvironment,
        POWERTOOLS_SERVICE_NAME: 'replication-doctor-auditor',
        SOURCE_BUCKETS: settings.sourceBucketNames.join(','),
        EVENT_QUEUE_ARN: this.eventQueue.queueArn,
        AUDIT_STATE_TABLE_NAME: this.incidentTable.tableName,
        ...(props.resolveAfter === undefined ? {} : { RESOLVE_AFTER_SECONDS: String(props.resolveAfter.toSeconds()) }),
        ...(props.resolvedAlerts === undefined ? {} : { RESOLVED_ALERTS: String(props.resolvedAlerts) }),
        ...(settings.destinationAllowList.length > 0
          ? { DESTINATION_ACCOUNT_ALLOW_LIST: settings.destinationAllowList.join(',') }
          : {}),
      },
    });
    for (const statement of replicationReadStatements(this, {
      sourceBucketNames: settings.sourceBucketNames,
      objectReads: false,
      accountWideAudit: true,
      destinationReadRoleArns: settings.destinationReadRoleArns,
    })) {
      this.auditorRole.addToPolicy(statement);
    }
    this.incidentTable.grantReadWriteData(this.auditorRole);
    this.alertTopic.grantPublish(this.auditorRole);
    new events.Rule(this, 'AuditSchedule', {
      description: 'S3 Replication Doctor: run the replication audit',
      schedule: props.auditSchedule ?? events.Schedule.rate(Duration.days(1)),
      targets: [new targets.LambdaFunction(this.auditor, { retryAttempts: 2, maxEventAge: Duration.hours(2) })],
    });

    // --- Alarms and dashboard ----------------------------------------------------------------------------------
    const alarms = createHealthAlarms(this, {
      queue: this.eventQueue,
      deadLetterQueue: this.deadLetterQueue,
      responder: this.responder,
      opsTopic: this.opsTopic,
      maxMessageAge: Duration.minutes(15),
    });
    this.alarms = [alarms.deadLetterQueueNotEmpty, alarms.oldestMessageAge, alarms.responderErrors];
    if (settings.dashboard) {
      this.dashboard = buildDashboard(this, 'Dashboard', {
        dashboardName: props.dashboardName,
        sourceBucketNames: settings.sourceBucketNames,
        queue: this.eventQueue,
        deadLetterQueue: this.deadLetterQueue,
        functions: { responder: this.responder, auditor: this.auditor },
        alarms: this.alarms,
      });
    }

    // --- Batch Replication (opt-in) ----------------------------------------------------------------------------
    if (props.batchReplicationRole) {
      const reportBucket = props.batchReportBucketName
        ? s3.Bucket.fromBucketName(this, 'BatchReportBucket', props.batchReportBucketName)
        : createBatchReportBucket(this, settings.batchReportPrefix);
      this.batchReportBucket = reportBucket;
      this.batchReplicationRole = createBatchReplicationRole(
        this,
        sourceArns,
        reportBucket,
        settings.batchReportPrefix,
      );
    }

    acknowledgeDoctorFindings(this, settings);
  }
}
