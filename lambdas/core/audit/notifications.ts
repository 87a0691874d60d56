/**
 * Do a bucket's replication failure events reach the responder? S3 sends `s3:Replication:OperationFailedReplication`
 * to the destinations of the bucket's notification configuration whose `Events` name it (or `s3:Replication:*`) and
 * whose key filter lets the object's key through (AWS-FACTS §2.2, §4). EventBridge never gets replication events.
 */
import type { NotificationConfigFact, NotificationTargetFact } from './types.js';

/** The event the responder alerts on. */
export const FAILED_REPLICATION_EVENT = 's3:Replication:OperationFailedReplication';
/** Event names that include {@link FAILED_REPLICATION_EVENT}. */
export const FAILURE_EVENT_NAMES: readonly string[] = [FAILED_REPLICATION_EVENT, 's3:Replication:*'];

/** Whether a destination gets replication failure events. */
export function sendsFailureEvents(target: NotificationTargetFact): boolean {
  return target.Events.some((event) => FAILURE_EVENT_NAMES.includes(event));
}

/**
 * A filter value as S3 matches it: notification filters are written URL-encoded, with `+` for a space
 * (AWS-FACTS §4 "Filters").
 */
function decodeFilterValue(value: string): string {
  const spaced = value.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

/** The key filter of a destination; S3 returns rule names as `Prefix`/`Suffix` although the API model spells them
 * in lower case, so names are compared case-insensitively. */
export function keyFilterOf(target: NotificationTargetFact): { readonly prefix?: string; readonly suffix?: string } {
  let prefix: string | undefined;
  let suffix: string | undefined;
  for (const rule of target.FilterRules ?? []) {
    const name = rule.Name?.toLowerCase();
    const value = rule.Value === undefined ? undefined : decodeFilterValue(rule.Value);
    if (value === undefined || value === '') continue;
    if (name === 'prefix') prefix = value;
    else if (name === 'suffix') suffix = value;
  }
  return { ...(prefix !== undefined ? { prefix } : {}), ...(suffix !== undefined ? { suffix } : {}) };
}

/**
 * Why a destination's key filter hides some keys a rule replicates, or `undefined` when it lets all of them through:
 * every key the rule selects starts with `rulePrefix`, so a notification prefix that `rulePrefix` starts with lets all
 * of them through; any suffix filter hides the keys that do not end with it.
 */
export function filterHidesKeys(target: NotificationTargetFact, rulePrefix: string): string | undefined {
  const { prefix, suffix } = keyFilterOf(target);
  if (prefix !== undefined && !rulePrefix.startsWith(prefix)) {
    return `its prefix filter "${prefix}" hides the rule's keys that do not start with it${rulePrefix ? ` (the rule replicates keys under "${rulePrefix}")` : ' (the rule replicates every key)'}`;
  }
  if (suffix !== undefined) return `its suffix filter "${suffix}" hides every key that does not end with it`;
  return undefined;
}

/** A rule as the routing needs it. */
export interface RoutedRule {
  readonly key: string;
  /** The prefix every key the rule replicates starts with (`''` for all keys). */
  readonly prefix: string;
}

export interface RuleRouting {
  readonly key: string;
  readonly covered: boolean;
  /** Why the responder's queue misses some of the rule's keys. */
  readonly hiddenBy?: string;
}

export interface EventRouting {
  /** `routed`: every rule's failures reach the queue; `partial`: some keys of some rules do not; `not-routed`: none. */
  readonly state: 'routed' | 'partial' | 'not-routed';
  /** Queue configurations that send failure events to the responder's queue. */
  readonly toQueue: readonly NotificationTargetFact[];
  /** Other destinations (queue, topic or function ARNs) that get failure events: maybe another responder. */
  readonly elsewhere: readonly string[];
  readonly rules: readonly RuleRouting[];
}

/** Where a bucket's replication failure events go, judged for each rule against the responder's queue. */
export function replicationEventRouting(
  config: NotificationConfigFact,
  queueArn: string,
  rules: readonly RoutedRule[],
): EventRouting {
  const toQueue = config.QueueConfigurations.filter((q) => q.Arn === queueArn && sendsFailureEvents(q));
  const elsewhere = [
    ...config.QueueConfigurations.filter((q) => q.Arn !== queueArn),
    ...config.TopicConfigurations,
    ...config.LambdaFunctionConfigurations,
  ]
    .filter(sendsFailureEvents)
    .map((target) => target.Arn);
  const routed = rules.map((rule): RuleRouting => {
    if (toQueue.length === 0) return { key: rule.key, covered: false };
    const reasons = toQueue.map((target) => filterHidesKeys(target, rule.prefix));
    if (reasons.some((reason) => reason === undefined)) return { key: rule.key, covered: true };
    const hiddenBy = reasons.find((reason) => reason !== undefined);
    return hiddenBy === undefined ? { key: rule.key, covered: false } : { key: rule.key, covered: false, hiddenBy };
  });
  let state: EventRouting['state'];
  if (toQueue.length === 0) state = 'not-routed';
  else state = routed.every((r) => r.covered) ? 'routed' : 'partial';
  return { state, toQueue, elsewhere: [...new Set(elsewhere)], rules: routed };
}
