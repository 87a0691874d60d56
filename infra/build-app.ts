/**
 * Builds the CDK app from context and the config file: the `ReplicationDoctor` stack when source buckets are
 * configured, the `ReplicationDoctorDestinationAccess` stack when context `responderRoleArn` is given, and the
 * cdk-nag AwsSolutions checks on everything.
 */
import { type App, Duration, type Environment, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../lambdas/core/errors.js';
import { type DoctorConfig, loadConfig } from './config.js';
import { DESTINATION_STACK_NAME, DestinationAccessStack } from './destination-access-stack.js';
import {
  MAIN_STACK_NAME,
  ReplicationDoctorStack,
  type ReplicationDoctorStackProps,
} from './replication-doctor-stack.js';
import { validateScheduleExpression } from './validation.js';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /** Directory for the default config file and relative `-c config=` paths. */
  readonly cwd: string;
  /**
   * Account and Region of the stacks.
   * @default - environment-agnostic stacks
   */
  readonly env?: Environment;
  /**
   * Register the cdk-nag AwsSolutions checks.
   * @default true
   */
  readonly nag?: boolean;
}

/** The stacks that were added. */
export interface BuiltApp {
  readonly main?: ReplicationDoctorStack;
  readonly destinationAccess?: DestinationAccessStack;
  readonly config: DoctorConfig;
}

/** Account and Region from the CDK CLI's environment, or none (environment-agnostic, works offline). */
export function environmentFromProcess(env: NodeJS.ProcessEnv = process.env): Environment | undefined {
  const account = env.CDK_DEFAULT_ACCOUNT;
  const region = env.CDK_DEFAULT_REGION;
  return account || region ? { account, region } : undefined;
}

function optionalString(app: App, key: string): string | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new ConfigError(`replication-doctor: invalid context ${key}=${JSON.stringify(value)}: expected a string`);
  }
  return value.trim();
}

/** Maps the configuration file/context vocabulary onto the stack's props. */
export function stackPropsFromConfig(config: DoctorConfig): Omit<ReplicationDoctorStackProps, 'env' | 'stackName'> {
  let auditSchedule: events.Schedule | undefined;
  if (config.auditScheduleExpression !== undefined) {
    validateScheduleExpression('auditScheduleExpression', config.auditScheduleExpression);
    auditSchedule = events.Schedule.expression(config.auditScheduleExpression);
  }
  return {
    sourceBucketNames: config.sourceBuckets,
    alertEmails: config.alertEmails,
    alertHttpsEndpoints: config.alertHttpsEndpoints,
    existingAlertTopicArn: config.alertTopicArn,
    opsEmails: config.opsEmails,
    destinationReadRoleArns: config.destinationReadRoleArns,
    destinationAllowList: config.destinationAllowList,
    digestInterval:
      config.digestIntervalSeconds === undefined ? undefined : Duration.seconds(config.digestIntervalSeconds),
    checkCacheTtl:
      config.checkCacheTtlSeconds === undefined ? undefined : Duration.seconds(config.checkCacheTtlSeconds),
    liveChecks: config.liveChecks,
    latencyAlerts: config.latencyAlerts,
    resolveAfter: config.resolveAfterSeconds === undefined ? undefined : Duration.seconds(config.resolveAfterSeconds),
    resolvedAlerts: config.resolvedAlerts,
    objectChecks: config.objectChecks,
    dashboard: config.dashboard,
    dashboardName: config.dashboardName,
    auditSchedule,
    responderMaxConcurrency: config.responderMaxConcurrency,
    batchReplicationRole: config.batchReplicationRole,
    batchReportBucketName: config.batchReportBucket,
    batchReportPrefix: config.batchReportPrefix,
    suppressions: config.suppressions,
    exportOutputs: config.exportOutputs,
  };
}

/** Adds the stacks the context asks for to `app`. Throws {@link ConfigError} on any configuration problem. */
export function buildApp(app: App, options: BuildAppOptions): BuiltApp {
  const ctx = (key: string): unknown => app.node.tryGetContext(key);
  const responderRoleArn = optionalString(app, 'responderRoleArn');
  const config = loadConfig(ctx, { cwd: options.cwd, allowMissingSourceBuckets: responderRoleArn !== undefined });

  const main =
    config.sourceBuckets.length > 0
      ? new ReplicationDoctorStack(app, MAIN_STACK_NAME, { env: options.env, ...stackPropsFromConfig(config) })
      : undefined;

  let destinationAccess: DestinationAccessStack | undefined;
  if (responderRoleArn !== undefined) {
    const buckets = ctx('destinationBuckets');
    destinationAccess = new DestinationAccessStack(app, DESTINATION_STACK_NAME, {
      env: options.env,
      responderRoleArn,
      auditorRoleArn: optionalString(app, 'auditorRoleArn'),
      destinationBucketNames:
        typeof buckets === 'string'
          ? buckets
              .split(',')
              .map((b) => b.trim())
              .filter((b) => b.length > 0)
          : Array.isArray(buckets)
            ? buckets.map(String)
            : undefined,
      roleName: optionalString(app, 'destinationReadRoleName'),
    });
  }

  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { main, destinationAccess, config };
}
