/**
 * The audit's judgement of one bucket: is replication set up, would a failure even be reported (metrics on,
 * notifications reaching the responder's queue), would it work (the targeted checks), and does it send data only to
 * allowed accounts. Pure: every fact is in the {@link BucketAuditInput}.
 */
import { accountOfArn, bucketNameOf, rulePrefix } from '../../checks/derive.js';
import type { ReplicationConfigFact, ReplicationRuleFact } from '../../checks/facts.js';
import { severityRank } from '../types.js';
import { findingFromCheck } from './check-findings.js';
import { FAILED_REPLICATION_EVENT, replicationEventRouting } from './notifications.js';
import { type AuditFinding, type BucketAuditInput, findingId, ruleKey } from './types.js';

interface RuleRef {
  readonly rule: ReplicationRuleFact;
  readonly key: string;
  readonly destinationBucket: string;
}

const MAX_SAMPLE_KEYS = 3;

/** Orders findings: most severe first, then by bucket, rule and kind. */
export function sortFindings<T extends AuditFinding>(findings: readonly T[]): T[] {
  return [...findings].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.bucket.localeCompare(b.bucket) ||
      (a.ruleId ?? '').localeCompare(b.ruleId ?? '') ||
      a.kind.localeCompare(b.kind),
  );
}

function ruleFinding(
  bucket: string,
  ref: RuleRef,
  fields: Omit<AuditFinding, 'id' | 'bucket' | 'ruleId' | 'destinationBucket'>,
): AuditFinding {
  return {
    id: findingId(bucket, ref.key, fields.kind),
    bucket,
    ruleId: ref.key,
    destinationBucket: ref.destinationBucket,
    ...fields,
  };
}

function bucketFinding(bucket: string, fields: Omit<AuditFinding, 'id' | 'bucket'>): AuditFinding {
  return { id: findingId(bucket, undefined, fields.kind), bucket, ...fields };
}

function editSteps(bucket: string, change: string): string[] {
  return [
    `aws s3api get-bucket-replication --bucket ${bucket} --query ReplicationConfiguration > replication.json`,
    change,
    `aws s3api put-bucket-replication --bucket ${bucket} --replication-configuration file://replication.json`,
  ];
}

function missingConfiguration(input: BucketAuditInput, code: string): AuditFinding {
  const { bucket } = input;
  if (code === 'NoSuchBucket') {
    return bucketFinding(bucket, {
      kind: 'source-bucket-missing',
      severity: 'critical',
      category: 'configuration',
      title: 'Configured source bucket does not exist',
      detail: `${bucket} is a configured source bucket, but S3 answers NoSuchBucket: it was deleted or the name is wrong.`,
      fix: [`Remove ${bucket} from the deployment's sourceBuckets (or correct the name) and redeploy.`],
    });
  }
  const example = JSON.stringify({
    Role: 'arn:aws:iam::<account>:role/<replication-role>',
    Rules: [
      {
        ID: 'replicate-all',
        Status: 'Enabled',
        Priority: 1,
        Filter: {},
        DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: {
          Bucket: 'arn:aws:s3:::<destination-bucket>',
          Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
        },
      },
    ],
  });
  return bucketFinding(bucket, {
    kind: 'no-replication-configuration',
    severity: 'critical',
    category: 'configuration',
    title: 'Configured source bucket has no replication configuration',
    detail: `${bucket} is a configured source bucket but has no replication configuration (${code}): nothing is replicated from it.`,
    fix: [
      `aws s3api put-bucket-replication --bucket ${bucket} --replication-configuration '${example}'`,
      `Or, if ${bucket} should no longer replicate, remove it from the deployment's sourceBuckets and redeploy.`,
    ],
  });
}

function metricsFinding(bucket: string, ref: RuleRef): AuditFinding | undefined {
  const status = ref.rule.Destination.Metrics?.Status;
  if (status === 'Enabled') return undefined;
  const v1 = ref.rule.Filter === undefined;
  return ruleFinding(bucket, ref, {
    kind: 'metrics-disabled',
    severity: 'critical',
    category: 'configuration',
    title: 'Replication metrics are off: failures are never reported',
    detail: `Rule "${ref.key}" of ${bucket} has replication metrics ${status ?? 'not set'} (Destination.Metrics.Status): S3 sends no ${FAILED_REPLICATION_EVENT} events for it, so its failures never reach the responder.${v1 ? ' The rule uses the V1 schema (no Filter): carrying metrics converts the configuration to V2.' : ''}`,
    fix: [
      `replication-doctor enable-metrics ${bucket} --rule ${ref.key}${v1 ? ' --allow-schema-change' : ''} --execute`,
    ],
    checkId: 'replication-metrics',
  });
}

function disabledFinding(bucket: string, ref: RuleRef): AuditFinding {
  return ruleFinding(bucket, ref, {
    kind: 'rule-disabled',
    severity: 'warning',
    category: 'configuration',
    title: 'Replication rule is disabled',
    detail: `Rule "${ref.key}" of ${bucket} towards ${ref.destinationBucket} is ${ref.rule.Status}: S3 replicates nothing under it. Its other settings were not checked.`,
    fix: editSteps(
      bucket,
      `Set "Status": "Enabled" on rule "${ref.key}" in replication.json (or delete the rule if it is no longer wanted).`,
    ),
  });
}

function filterFindings(input: BucketAuditInput, ref: RuleRef): AuditFinding[] {
  const { bucket } = input;
  const { prefix, field } = rulePrefix(ref.rule);
  if (prefix === '') return [];
  const keys = input.failureKeys ?? [];
  const findings: AuditFinding[] = [];
  if (prefix.startsWith('/') && !keys.some((key) => key.startsWith(prefix))) {
    findings.push(
      ruleFinding(bucket, ref, {
        kind: 'filter-leading-slash',
        severity: 'warning',
        category: 'configuration',
        title: 'Rule prefix starts with "/"',
        detail: `${field} of rule "${ref.key}" is "${prefix}": S3 keys rarely start with "/" (the console shows "${prefix.replace(/^\/+/, '')}…" for a key without it), so the rule probably selects nothing.`,
        fix: editSteps(
          bucket,
          `Set ${field} of rule "${ref.key}" to "${prefix.replace(/^\/+/, '')}" in replication.json.`,
        ),
      }),
    );
  }
  const lower = prefix.toLowerCase();
  const mismatched = keys.filter((key) => !key.startsWith(prefix) && key.toLowerCase().startsWith(lower));
  if (mismatched.length > 0) {
    const actual = mismatched[0]?.slice(0, prefix.length) ?? prefix;
    const samples = [...new Set(mismatched)].slice(0, MAX_SAMPLE_KEYS).map((key) => `"${key}"`);
    findings.push(
      ruleFinding(bucket, ref, {
        kind: 'filter-prefix-case',
        severity: 'warning',
        category: 'configuration',
        title: 'Rule prefix differs in case from the keys written',
        detail: `Keys seen in replication failures of ${bucket} (${samples.join(', ')}) start with "${actual}", but ${field} of rule "${ref.key}" is "${prefix}": prefixes are case-sensitive, so the rule does not select those keys.`,
        fix: [
          ...editSteps(
            bucket,
            `Set ${field} of rule "${ref.key}" to "${actual}" in replication.json (if that is the intent).`,
          ),
          'Then replicate the objects written meanwhile with S3 Batch Replication.',
        ],
      }),
    );
  }
  return findings;
}

function allowListFinding(input: BucketAuditInput, config: ReplicationConfigFact, ref: RuleRef): AuditFinding[] {
  const allowList = input.destinationAllowList ?? [];
  if (allowList.length === 0) return [];
  const { bucket } = input;
  const own = input.accountId ?? accountOfArn(config.Role);
  const owner = input.rules?.[ref.key]?.destinationOwner;
  const account = ref.rule.Destination.Account ?? (owner?.state === 'ok' ? owner.value.account : undefined);
  const listed = allowList.join(', ');
  if (account !== undefined) {
    if (account === own || allowList.includes(account)) return [];
    return [
      ruleFinding(bucket, ref, {
        kind: 'destination-account-not-allowed',
        severity: 'critical',
        category: 'permissions',
        title: 'Replication to an account outside the allow-list',
        detail: `Rule "${ref.key}" of ${bucket} replicates to ${ref.destinationBucket} in account ${account}, which is not in DESTINATION_ACCOUNT_ALLOW_LIST (${listed}): objects are copied to an account nobody approved.`,
        fix: [
          ...editSteps(
            bucket,
            `Unless it is intended, remove rule "${ref.key}" from replication.json now (aws s3api delete-bucket-replication --bucket ${bucket} when it is the only rule).`,
          ),
          `If it is intended, add ${account} to the deployment's destinationAllowList and redeploy.`,
        ],
      }),
    ];
  }
  if (owner?.state === 'absent') return [];
  const why =
    owner === undefined
      ? 'the rule names no Destination.Account and the bucket owner was not read'
      : owner.state === 'unknown'
        ? `the rule names no Destination.Account and the bucket owner could not be read: ${owner.reason}`
        : `the rule names no Destination.Account and the bucket is not owned by ${owner.value.notAccount ?? 'this account'}`;
  return [
    ruleFinding(bucket, ref, {
      kind: 'destination-account-unverified',
      severity: 'info',
      category: 'permissions',
      title: 'Could not verify the destination account against the allow-list',
      detail: `Rule "${ref.key}" of ${bucket} replicates to ${ref.destinationBucket}, whose account is unknown: ${why}.`,
      fix: editSteps(
        bucket,
        `Add "Account": "<destination account id>" to the Destination of rule "${ref.key}" in replication.json, or list the destination account's read role in DESTINATION_READ_ROLE_ARNS.`,
      ),
    }),
  ];
}

function notificationHowTo(bucket: string, queueArn: string, configured: boolean): string[] {
  const deploy = configured
    ? `Redeploy the ReplicationDoctor stack (npx cdk deploy): it puts the replication event notifications of ${bucket} back and keeps its other notifications. Something replaced the bucket's notification configuration since (a PUT replaces all of it).`
    : `Add ${bucket} to the deployment's sourceBuckets and redeploy (npx cdk deploy -c sourceBuckets=...,${bucket}): the stack adds the replication event notifications and keeps the bucket's other notifications.`;
  return [
    deploy,
    `Or by hand, read-modify-write (the PUT replaces the whole configuration): aws s3api get-bucket-notification-configuration --bucket ${bucket} > notification.json; add {"Id":"replication-doctor","QueueArn":"${queueArn}","Events":["s3:Replication:*"]} to QueueConfigurations; aws s3api put-bucket-notification-configuration --bucket ${bucket} --notification-configuration file://notification.json`,
  ];
}

function notificationFindings(input: BucketAuditInput, enabled: readonly RuleRef[]): AuditFinding[] {
  const { bucket, notifications, eventQueueArn } = input;
  if (enabled.length === 0 || notifications === undefined || notifications.state === 'absent') return [];
  if (eventQueueArn === undefined || notifications.state === 'unknown') {
    const why =
      eventQueueArn === undefined
        ? "the responder's queue ARN is not known (EVENT_QUEUE_ARN, or --queue-arn / the stack output EventQueueArn)"
        : `its notification configuration could not be read: ${notifications.state === 'unknown' ? notifications.reason : ''}`;
    const missing = notifications.state === 'unknown' ? notifications.missingPermission : undefined;
    return [
      bucketFinding(bucket, {
        kind: 'notifications-unverified',
        severity: 'info',
        category: 'configuration',
        title: 'Could not verify that replication failures reach the responder',
        detail: `Whether ${bucket}'s replication failure events reach the responder is unknown: ${why}.`,
        fix: missing ? [`Grant the auditor ${missing}.`] : [],
      }),
    ];
  }
  const routing = replicationEventRouting(
    notifications.value,
    eventQueueArn,
    enabled.map((ref) => ({ key: ref.key, prefix: rulePrefix(ref.rule).prefix })),
  );
  const elsewhere =
    routing.elsewhere.length > 0 ? ` Its failure events go to ${routing.elsewhere.join(', ')} instead.` : '';
  if (!input.configured) {
    if (routing.state === 'routed') return [];
    return [
      bucketFinding(bucket, {
        kind: 'not-monitored',
        // Events that go somewhere else may reach another deployment of the responder.
        severity: routing.elsewhere.length > 0 ? 'info' : 'warning',
        category: 'configuration',
        title: 'Replicating bucket is not monitored by the responder',
        detail: `${bucket} has ${enabled.length} enabled replication rule(s) but is not a source bucket of this deployment: its replication failures do not reach the responder's queue ${eventQueueArn}.${elsewhere}`,
        fix: notificationHowTo(bucket, eventQueueArn, false),
      }),
    ];
  }
  if (routing.state === 'not-routed') {
    const eventBridge = notifications.value.EventBridge
      ? ' EventBridge is on, but S3 sends no replication events to EventBridge.'
      : '';
    return [
      bucketFinding(bucket, {
        kind: 'notifications-not-routed',
        severity: 'critical',
        category: 'configuration',
        title: "Replication failures do not reach the responder's queue",
        detail: `No event notification of ${bucket} sends ${FAILED_REPLICATION_EVENT} (or s3:Replication:*) to the responder's queue ${eventQueueArn}: failures of its ${enabled.length} enabled rule(s) are never alerted.${elsewhere}${eventBridge}`,
        fix: notificationHowTo(bucket, eventQueueArn, true),
      }),
    ];
  }
  const findings: AuditFinding[] = [];
  for (const rule of routing.rules) {
    const ref = enabled.find((r) => r.key === rule.key);
    if (rule.covered || ref === undefined) continue;
    findings.push(
      ruleFinding(bucket, ref, {
        kind: 'notifications-filtered',
        severity: 'critical',
        category: 'configuration',
        title: "A notification filter hides some of the rule's failures",
        detail: `The notification that sends ${bucket}'s replication failures to the responder's queue does not cover every key of rule "${ref.key}": ${rule.hiddenBy ?? 'its key filter'}.`,
        fix: [
          `Remove the key filter from the notification to ${eventQueueArn} (read-modify-write: aws s3api get-bucket-notification-configuration --bucket ${bucket} > notification.json; drop Filter from that QueueConfiguration; aws s3api put-bucket-notification-configuration --bucket ${bucket} --notification-configuration file://notification.json).`,
        ],
      }),
    );
  }
  return findings;
}

/** Every finding for one bucket, most severe first. Ids are unique within the result. */
export function auditBucketFindings(input: BucketAuditInput): AuditFinding[] {
  const { bucket, replication } = input;
  if (replication.state === 'unknown') {
    return [
      bucketFinding(bucket, {
        kind: 'replication-configuration-unverified',
        severity: 'info',
        category: 'configuration',
        title: 'Could not read the replication configuration',
        detail: `The replication configuration of ${bucket} could not be read: ${replication.reason}.`,
        fix: replication.missingPermission ? [`Grant the auditor ${replication.missingPermission}.`] : [],
      }),
    ];
  }
  if (replication.state === 'absent') return input.configured ? [missingConfiguration(input, replication.code)] : [];

  const config = replication.value;
  const refs: RuleRef[] = config.Rules.map((rule, index) => ({
    rule,
    key: ruleKey(rule, index),
    destinationBucket: bucketNameOf(rule.Destination.Bucket),
  }));
  const byId = new Map<string, AuditFinding>();
  const add = (finding: AuditFinding | undefined) => {
    if (finding !== undefined && !byId.has(finding.id)) byId.set(finding.id, finding);
  };
  const enabled: RuleRef[] = [];
  for (const ref of refs) {
    for (const finding of allowListFinding(input, config, ref)) add(finding);
    if (ref.rule.Status !== 'Enabled') {
      add(disabledFinding(bucket, ref));
      continue;
    }
    enabled.push(ref);
    add(metricsFinding(bucket, ref));
    for (const finding of filterFindings(input, ref)) add(finding);
    for (const result of input.rules?.[ref.key]?.checks ?? []) {
      add(findingFromCheck(result, { bucket, ruleId: ref.key, destinationBucket: ref.destinationBucket }));
    }
  }
  for (const finding of notificationFindings(input, enabled)) add(finding);
  return sortFindings([...byId.values()]);
}

/** The finding when the account's buckets could not be listed: buckets outside the deployment were not audited. */
export function fleetUnverifiedFinding(reason: string, missingPermission?: string): AuditFinding {
  return {
    id: findingId('*', undefined, 'fleet-unverified'),
    bucket: '*',
    kind: 'fleet-unverified',
    severity: 'info',
    category: 'configuration',
    title: 'Could not list the buckets of the account',
    detail: `Buckets outside the deployment were not audited: ListBuckets failed (${reason}).`,
    fix: missingPermission ? [`Grant the auditor ${missingPermission}.`] : [],
  };
}
