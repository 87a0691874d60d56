/**
 * The replication configuration as `GetBucketReplication` returns it and `PutBucketReplication` takes it
 * (AWS-FACTS §5.1; https://docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationRule.html).
 *
 * The members are typed loosely (plain strings) so that the SDK's output is assignable without a mapping step.
 * Members this file does not name are never dropped: planners clone the whole object and change only what they
 * name, so a configuration written back is the one read, field for field, apart from the planned changes.
 */

export interface ReplicationTimeValueDoc {
  readonly Minutes?: number;
}

export interface ReplicationMetricsDoc {
  readonly Status?: string;
  readonly EventThreshold?: ReplicationTimeValueDoc;
}

export interface ReplicationDestinationDoc {
  readonly Bucket?: string;
  readonly Account?: string;
  readonly StorageClass?: string;
  readonly Metrics?: ReplicationMetricsDoc;
  readonly ReplicationTime?: { readonly Status?: string; readonly Time?: ReplicationTimeValueDoc };
  readonly AccessControlTranslation?: unknown;
  readonly EncryptionConfiguration?: unknown;
}

export interface ReplicationTagDoc {
  readonly Key?: string;
  readonly Value?: string;
}

/** `Filter`: exactly one of `Prefix`, `Tag` or `And`. */
export interface ReplicationRuleFilterDoc {
  readonly Prefix?: string;
  readonly Tag?: ReplicationTagDoc;
  readonly And?: { readonly Prefix?: string; readonly Tags?: readonly ReplicationTagDoc[] };
}

export interface ReplicationRuleDoc {
  readonly ID?: string;
  readonly Priority?: number;
  /** V1 only (deprecated): the prefix at rule level. */
  readonly Prefix?: string;
  /** V2: its presence is what makes a rule V2. */
  readonly Filter?: ReplicationRuleFilterDoc;
  readonly Status?: string;
  readonly SourceSelectionCriteria?: unknown;
  readonly ExistingObjectReplication?: unknown;
  readonly Destination?: ReplicationDestinationDoc;
  readonly DeleteMarkerReplication?: { readonly Status?: string };
}

export interface ReplicationConfigurationDoc {
  readonly Role?: string;
  readonly Rules?: readonly ReplicationRuleDoc[];
}

/** The `PutBucketReplication` input a planner produces. */
export interface PutReplicationRequest {
  readonly Bucket: string;
  readonly ReplicationConfiguration: ReplicationConfigurationDoc;
}

/** How a rule is named in plans and flags: its `ID`, or its 1-based position when it has none. */
export function ruleLabel(rule: ReplicationRuleDoc, index: number): string {
  return rule.ID !== undefined && rule.ID.length > 0 ? rule.ID : `#${index + 1}`;
}

/**
 * A rule is V1 when it has no `Filter` (AWS-FACTS §5.1: "Without `Filter`, the configuration is V1"). Every rule of
 * one configuration uses the same schema, so one V1 rule makes the whole configuration V1.
 */
export function isV1Rule(rule: ReplicationRuleDoc): boolean {
  return rule.Filter === undefined;
}

/** The key prefix a rule selects (`''` for the whole bucket), from V1 `Prefix`, `Filter.Prefix` or `Filter.And.Prefix`. */
export function rulePrefix(rule: ReplicationRuleDoc): string {
  if (rule.Filter === undefined) return rule.Prefix ?? '';
  return rule.Filter.Prefix ?? rule.Filter.And?.Prefix ?? '';
}

/** True when the rule also filters on tags (Batch Replication's manifest filter cannot express tags). */
export function ruleFiltersOnTags(rule: ReplicationRuleDoc): boolean {
  return rule.Filter?.Tag !== undefined || (rule.Filter?.And?.Tags?.length ?? 0) > 0;
}

/** The ARN of a bucket given by name or ARN. */
export function bucketArnOf(nameOrArn: string, partition = 'aws'): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn : `arn:${partition}:s3:::${nameOrArn}`;
}
