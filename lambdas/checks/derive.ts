/**
 * Pure helpers the checks share: finding the rule an event names, ARNs, accounts, and the requests that depend on the
 * replication configuration (role, destination, keys).
 */
import {
  type BucketFactName,
  type Fact,
  type FactRequest,
  type FactsSnapshot,
  factFor,
  getFact,
  type ObjectHeadFact,
  type ReplicationConfigFact,
  type ReplicationRuleFact,
  type TagFact,
} from './facts.js';
import type { CheckSubject, Evidence } from './types.js';

/** `arn:aws:s3:::name` → `name`; a plain name is returned as is. */
export function bucketNameOf(arnOrName: string): string {
  return arnOrName.startsWith('arn:') ? (arnOrName.split(':').slice(5).join(':').split('/')[0] ?? '') : arnOrName;
}

/** The bucket's ARN. */
export function bucketArn(bucket: string): string {
  return `arn:aws:s3:::${bucket}`;
}

/** The account field of an ARN (`arn:aws:iam::111122223333:role/x` → `111122223333`), if it has one. */
export function accountOfArn(arn: string | undefined): string | undefined {
  if (!arn?.startsWith('arn:')) return undefined;
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** The Region field of an ARN, if it has one. */
export function regionOfArn(arn: string | undefined): string | undefined {
  if (!arn?.startsWith('arn:')) return undefined;
  const region = arn.split(':')[3];
  return region ? region : undefined;
}

/** An IAM role ARN, e.g. `arn:aws:iam::111122223333:role/service-role/replication`. */
export function isRoleArn(arn: string): boolean {
  return /^arn:aws[a-z-]*:iam::\d{12}:role\/.+/.test(arn);
}

/** `aws:kms` or `aws:kms:dsse`. */
export function isKmsAlgorithm(algorithm: string | undefined): boolean {
  return algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse';
}

export function isTwelveDigits(value: string | undefined): value is string {
  return value !== undefined && /^\d{12}$/.test(value);
}

// --- requests --------------------------------------------------------------------------------------------------

export function sourceRequest(subject: CheckSubject, fact: BucketFactName): FactRequest {
  return { kind: 'bucket', bucket: subject.sourceBucket, fact, side: 'source' };
}

export function replicationRequest(subject: CheckSubject): FactRequest & { kind: 'bucket'; fact: 'replication' } {
  return { kind: 'bucket', bucket: subject.sourceBucket, fact: 'replication', side: 'source' };
}

/** The replication configuration fact of the subject's source bucket. */
export function replicationFact(subject: CheckSubject, facts: FactsSnapshot | undefined): Fact<ReplicationConfigFact> {
  return factFor(facts, replicationRequest(subject));
}

/** Whether the replication configuration has been read (in any state): the second phase of `needs` may start. */
export function replicationRead(subject: CheckSubject, facts: FactsSnapshot | undefined): boolean {
  return facts !== undefined && getFact(facts, replicationRequest(subject)) !== undefined;
}

/** The rule a subject concerns: by the event's rule id, else the highest-priority rule towards its destination. */
export function findRule(config: ReplicationConfigFact, subject: CheckSubject): ReplicationRuleFact | undefined {
  if (subject.ruleId !== undefined) return config.Rules.find((rule) => rule.ID === subject.ruleId);
  const towards = config.Rules.filter((rule) => bucketNameOf(rule.Destination.Bucket) === subject.destinationBucket);
  return [...towards].sort((a, b) => (b.Priority ?? 0) - (a.Priority ?? 0))[0];
}

/** The configuration and the subject's rule, when both were read. */
export function ruleOf(
  subject: CheckSubject,
  facts: FactsSnapshot | undefined,
): { config?: ReplicationConfigFact; rule?: ReplicationRuleFact } {
  const fact = replicationFact(subject, facts);
  if (fact.state !== 'ok') return {};
  const rule = findRule(fact.value, subject);
  return rule ? { config: fact.value, rule } : { config: fact.value };
}

/** A request for a destination bucket fact, with the rule's `Destination.Account` as owner hint. Empty until the
 * replication configuration has been read (the hint decides which credentials read the other account). */
export function destinationRequests(
  subject: CheckSubject,
  facts: FactsSnapshot | undefined,
  names: readonly BucketFactName[],
): FactRequest[] {
  if (!replicationRead(subject, facts)) return [];
  const account = ruleOf(subject, facts).rule?.Destination.Account;
  return names.map((fact) => ({
    kind: 'bucket',
    bucket: subject.destinationBucket,
    fact,
    side: 'destination',
    ...(account ? { ownerHint: account } : {}),
  }));
}

/** The request for a destination bucket fact (for reading it back from the snapshot; hints do not matter there). */
export function destinationRequest<K extends BucketFactName>(
  subject: CheckSubject,
  fact: K,
): { kind: 'bucket'; bucket: string; fact: K; side: 'destination' } {
  return { kind: 'bucket', bucket: subject.destinationBucket, fact, side: 'destination' };
}

export function sourceFactRequest<K extends BucketFactName>(
  subject: CheckSubject,
  fact: K,
): { kind: 'bucket'; bucket: string; fact: K; side: 'source' } {
  return { kind: 'bucket', bucket: subject.sourceBucket, fact, side: 'source' };
}

/** The request for the subject's object (HeadObject or its tags); `undefined` without a key. */
export function objectRequest<K extends 'head' | 'tags'>(
  subject: CheckSubject,
  fact: K,
): { kind: 'object'; bucket: string; key: string; versionId?: string; fact: K } | undefined {
  if (subject.key === undefined) return undefined;
  return {
    kind: 'object',
    bucket: subject.sourceBucket,
    key: subject.key,
    fact,
    ...(subject.versionId ? { versionId: subject.versionId } : {}),
  };
}

export function roleRequest(roleArn: string): { kind: 'role'; roleArn: string; fact: 'role' } {
  return { kind: 'role', roleArn, fact: 'role' };
}

/** What a check of the replication role reads: the replication configuration, then the role it names. */
export function replicationRoleNeeds(subject: CheckSubject, facts: FactsSnapshot | undefined): FactRequest[] {
  const needs: FactRequest[] = [replicationRequest(subject)];
  const { config } = ruleOf(subject, facts);
  if (config) needs.push(roleRequest(config.Role));
  return needs;
}

// --- rules -----------------------------------------------------------------------------------------------------

/** V1 rules have no `Filter` (they may carry the deprecated `Prefix`); V2 rules have `Filter`. */
export function ruleSchema(rule: ReplicationRuleFact): 'V1' | 'V2' {
  return rule.Filter === undefined ? 'V1' : 'V2';
}

/** The prefix a rule filters on (V1 `Prefix`, `Filter.Prefix` or `Filter.And.Prefix`); `''` matches every key. */
export function rulePrefix(rule: ReplicationRuleFact): { prefix: string; field: string } {
  if (rule.Filter === undefined) return { prefix: rule.Prefix ?? '', field: 'Prefix' };
  if (rule.Filter.And !== undefined) return { prefix: rule.Filter.And.Prefix ?? '', field: 'Filter.And.Prefix' };
  return { prefix: rule.Filter.Prefix ?? '', field: 'Filter.Prefix' };
}

/** The tags a rule filters on. */
export function ruleTags(rule: ReplicationRuleFact): { tags: readonly TagFact[]; field: string } {
  if (rule.Filter?.Tag) return { tags: [rule.Filter.Tag], field: 'Filter.Tag' };
  if (rule.Filter?.And?.Tags) return { tags: rule.Filter.And.Tags, field: 'Filter.And.Tags' };
  return { tags: [], field: 'Filter' };
}

/** How a rule is named in evidence: `Rules[ID=abc]`. */
export function ruleField(rule: ReplicationRuleFact, field: string): string {
  return `Rules[ID=${rule.ID ?? '?'}].${field}`;
}

/** `COMPLETE` (legacy enum value) reads as `COMPLETED`. */
export function replicationStatusOf(head: ObjectHeadFact): string | undefined {
  return head.ReplicationStatus === 'COMPLETE' ? 'COMPLETED' : head.ReplicationStatus;
}

// --- accounts --------------------------------------------------------------------------------------------------

/** The account that owns the source bucket: the event's, else the replication role's, else the caller's. */
export function sourceAccountOf(subject: CheckSubject, facts: FactsSnapshot | undefined): string | undefined {
  if (isTwelveDigits(subject.sourceAccount)) return subject.sourceAccount;
  const replication = replicationFact(subject, facts);
  const fromRole = replication.state === 'ok' ? accountOfArn(replication.value.Role) : undefined;
  if (fromRole) return fromRole;
  const caller = facts?.caller;
  return caller?.state === 'ok' ? caller.value.Account : undefined;
}

/** The requests {@link accountsOf} reads besides the replication configuration. */
export function accountRequests(subject: CheckSubject, facts: FactsSnapshot | undefined): FactRequest[] {
  return [{ kind: 'caller' }, ...destinationRequests(subject, facts, ['owner'])];
}

export interface Accounts {
  readonly source?: string;
  readonly destination?: string;
  /** `true`/`false` when decided; `undefined` when the destination owner is not known. */
  readonly crossAccount?: boolean;
  readonly evidence: readonly Evidence[];
}

/** Source and destination accounts and whether the rule crosses accounts. */
export function accountsOf(subject: CheckSubject, facts: FactsSnapshot | undefined): Accounts {
  const source = sourceAccountOf(subject, facts);
  const { rule } = ruleOf(subject, facts);
  const evidence: Evidence[] = [];
  let destination = rule?.Destination.Account;
  let notDestination: string | undefined;
  if (destination && rule) {
    evidence.push({
      source: 'GetBucketReplication',
      field: ruleField(rule, 'Destination.Account'),
      value: destination,
    });
  } else {
    const owner = factFor(facts, destinationRequest(subject, 'owner'));
    if (owner.state === 'ok') {
      destination = owner.value.account;
      notDestination = owner.value.notAccount;
      evidence.push({
        source: owner.value.decidedBy,
        field: `owner of ${subject.destinationBucket}`,
        value: owner.value.account ?? `not ${owner.value.notAccount ?? '?'}`,
      });
    }
  }
  let crossAccount: boolean | undefined;
  if (source && destination) crossAccount = source !== destination;
  else if (source && notDestination === source) crossAccount = true;
  return {
    ...(source ? { source } : {}),
    ...(destination ? { destination } : {}),
    ...(crossAccount === undefined ? {} : { crossAccount }),
    evidence,
  };
}

/** Quotes a value for a POSIX shell. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The subject of a rule's checks. */
export function ruleSubject(
  bucket: string,
  rule: ReplicationRuleFact,
  object?: { readonly key: string; readonly versionId?: string },
): CheckSubject {
  return {
    sourceBucket: bucket,
    destinationBucket: bucketNameOf(rule.Destination.Bucket),
    ...(rule.ID !== undefined ? { ruleId: rule.ID } : {}),
    ...(object ? { key: object.key } : {}),
    ...(object?.versionId ? { versionId: object.versionId } : {}),
  };
}
