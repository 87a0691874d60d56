import { type Check, result, unknownFrom, withRule } from '../check.js';
import { objectRequest, replicationRequest, ruleField, ruleOf, rulePrefix, ruleTags, shellQuote } from '../derive.js';
import { type FactRequest, factFor, type TagFact } from '../facts.js';
import type { CheckId, Evidence } from '../types.js';

const ID: CheckId = 'rule-filter';

function tagText(tags: readonly TagFact[]): string {
  return tags.map((t) => `${t.Key}=${t.Value}`).join(', ');
}

/**
 * The object matches the rule's filter. Prefixes and tags are case-sensitive; a key that matches only when case is
 * ignored is reported as such. A tag filter only selects objects that carry the tags when they are created.
 */
export const ruleFilterCheck: Check = {
  id: ID,
  title: 'Rule filter matches the object (prefix, tags)',
  needs(subject, facts) {
    const needs: FactRequest[] = [replicationRequest(subject)];
    const { rule } = ruleOf(subject, facts);
    const tags = objectRequest(subject, 'tags');
    if (rule && tags && ruleTags(rule).tags.length > 0) needs.push(tags);
    return needs;
  },
  evaluate(subject, facts) {
    const key = subject.key;
    if (key === undefined) return result(ID, 'skipped', 'No object key to match against the rule filter.', []);
    return withRule(ID, subject, facts, (rule) => {
      const label = `Rule "${rule.ID ?? '?'}"`;
      const { prefix, field } = rulePrefix(rule);
      const evidence: Evidence[] = [
        { source: 'GetBucketReplication', field: ruleField(rule, field), value: JSON.stringify(prefix) },
        { source: 'event', field: 'object key', value: key },
      ];
      if (!key.startsWith(prefix)) {
        if (key.toLowerCase().startsWith(prefix.toLowerCase())) {
          const actual = key.slice(0, prefix.length);
          return result(
            ID,
            'fail',
            `Key "${key}" does not match ${field} "${prefix}" of ${label}: prefixes are case-sensitive and they differ only in case ("${actual}" vs "${prefix}").`,
            evidence,
            {
              fix: [
                `Change ${field} of ${label} to "${actual}" (or write objects under "${prefix}"), then replicate the existing objects with S3 Batch Replication.`,
              ],
            },
          );
        }
        return result(
          ID,
          'fail',
          `Key "${key}" does not start with ${field} "${prefix}" of ${label}: the rule does not select it.`,
          evidence,
          {
            fix: [
              `Widen ${field} of ${label}, or add a rule for this key's prefix, then use S3 Batch Replication for existing objects.`,
            ],
          },
        );
      }
      const { tags: wanted, field: tagField } = ruleTags(rule);
      if (wanted.length === 0) {
        return result(ID, 'pass', `Key "${key}" matches ${field} "${prefix}" of ${label} (no tag filter).`, evidence);
      }
      evidence.push({ source: 'GetBucketReplication', field: ruleField(rule, tagField), value: tagText(wanted) });
      const request = objectRequest(subject, 'tags');
      if (request === undefined)
        return result(ID, 'skipped', 'No object key to match against the rule filter.', evidence);
      const tags = factFor(facts, request);
      if (tags.state === 'unknown') {
        return unknownFrom(ID, `the tags of ${key}`, tags, { source: 'GetObjectTagging', field: key });
      }
      if (tags.state === 'absent') {
        return result(
          ID,
          'skipped',
          `The object ${key} no longer exists (${tags.code}); its tags cannot be compared.`,
          [...evidence, { source: 'GetObjectTagging', field: 'TagSet', value: tags.code }],
        );
      }
      const have = tags.value;
      evidence.push({ source: 'GetObjectTagging', field: 'TagSet', value: tagText(have) || '(none)' });
      const missing = wanted.filter((w) => !have.some((h) => h.Key === w.Key && h.Value === w.Value));
      if (missing.length > 0) {
        const nearly = missing.filter((w) =>
          have.some(
            (h) => h.Key.toLowerCase() === w.Key.toLowerCase() && h.Value.toLowerCase() === w.Value.toLowerCase(),
          ),
        );
        const caseNote =
          nearly.length > 0 ? ` (${tagText(nearly)} differs only in case; tag filters are case-sensitive)` : '';
        const tagging = missing.map((t) => `${encodeURIComponent(t.Key)}=${encodeURIComponent(t.Value)}`).join('&');
        return result(
          ID,
          'fail',
          `The object lacks ${tagText(missing)} required by ${tagField} of ${label}${caseNote}; tags must be on the object when it is created.`,
          evidence,
          {
            fix: [
              `Upload with the tags at creation: aws s3api put-object --bucket ${subject.sourceBucket} --key ${shellQuote(key)} --tagging ${shellQuote(tagging)} --body <file>`,
              'Objects tagged after creation are not replicated by live replication: use S3 Batch Replication for them.',
            ],
          },
        );
      }
      return result(
        ID,
        'pass',
        `Key "${key}" matches ${field} "${prefix}" and the object carries ${tagText(wanted)} (tags count only if present at creation).`,
        evidence,
      );
    });
  },
};
