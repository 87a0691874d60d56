import { type Check, result, unknownFrom } from '../check.js';
import {
  isKmsAlgorithm,
  objectRequest,
  regionOfArn,
  replicationRequest,
  sourceAccountOf,
  sourceFactRequest,
} from '../derive.js';
import { type FactRequest, type FactsSnapshot, factFor, type UnknownFact } from '../facts.js';
import { judgeKey } from '../kms.js';
import type { CheckId, CheckSubject, Evidence } from '../types.js';

const ID: CheckId = 'source-kms-key';

type KeyRequest = Extract<FactRequest, { kind: 'key' }> & { fact: 'metadata' };

type SourceKey =
  | { readonly kind: 'key'; readonly request?: KeyRequest; readonly keyId: string; readonly evidence: Evidence }
  | { readonly kind: 'none'; readonly why: string; readonly evidence: Evidence }
  | { readonly kind: 'unknown'; readonly fact: UnknownFact; readonly what: string; readonly evidence: Evidence };

/** The key that encrypts the object (HeadObject), or without an object the bucket's default key. */
export function sourceKeyOf(subject: CheckSubject, facts: FactsSnapshot | undefined): SourceKey {
  const location = factFor(facts, sourceFactRequest(subject, 'location'));
  const bucketRegion = location.state === 'ok' ? location.value.region : subject.sourceRegion;
  const request = (keyId: string): KeyRequest | undefined => {
    const region = regionOfArn(keyId) ?? bucketRegion;
    return region === undefined ? undefined : { kind: 'key', keyId, fact: 'metadata', region, side: 'source' };
  };
  const headRequest = objectRequest(subject, 'head');
  if (headRequest) {
    const head = factFor(facts, headRequest);
    const field = { source: 'HeadObject', field: 'ServerSideEncryption' };
    if (head.state === 'unknown')
      return { kind: 'unknown', fact: head, what: `the encryption of ${subject.key}`, evidence: field };
    if (head.state === 'absent')
      return {
        kind: 'none',
        why: `the object no longer exists (${head.code})`,
        evidence: { ...field, value: head.code },
      };
    const sse = head.value.ServerSideEncryption;
    if (!isKmsAlgorithm(sse)) {
      const kind = head.value.SSECustomerAlgorithm ? 'SSE-C' : (sse ?? 'not encrypted');
      return { kind: 'none', why: `the object is not SSE-KMS (${kind})`, evidence: { ...field, value: kind } };
    }
    const keyId = head.value.SSEKMSKeyId ?? 'alias/aws/s3';
    const built = request(keyId);
    return {
      kind: 'key',
      keyId,
      ...(built ? { request: built } : {}),
      evidence: { source: 'HeadObject', field: 'SSEKMSKeyId', value: keyId },
    };
  }
  const encryption = factFor(facts, sourceFactRequest(subject, 'encryption'));
  const field = { source: 'GetBucketEncryption', field: 'SSEAlgorithm' };
  if (encryption.state === 'unknown') {
    return {
      kind: 'unknown',
      fact: encryption,
      what: `the default encryption of ${subject.sourceBucket}`,
      evidence: field,
    };
  }
  const rule = encryption.state === 'ok' ? encryption.value.Rules[0] : undefined;
  if (!isKmsAlgorithm(rule?.SSEAlgorithm)) {
    return {
      kind: 'none',
      why: `default encryption is ${rule?.SSEAlgorithm ?? 'not set'}`,
      evidence: { ...field, value: rule?.SSEAlgorithm ?? '(none)' },
    };
  }
  const keyId = rule?.KMSMasterKeyID ?? 'alias/aws/s3';
  const built = request(keyId);
  return {
    kind: 'key',
    keyId,
    ...(built ? { request: built } : {}),
    evidence: { source: 'GetBucketEncryption', field: 'KMSMasterKeyID', value: keyId },
  };
}

/** The source objects' KMS key exists, is Enabled, is in the bucket's Region (`SrcKmsKeyInvalidState`). */
export const sourceKmsKeyCheck: Check = {
  id: ID,
  title: 'Source KMS key state',
  needs(subject, facts) {
    const head = objectRequest(subject, 'head');
    const needs: FactRequest[] = [
      head ?? sourceFactRequest(subject, 'encryption'),
      sourceFactRequest(subject, 'location'),
      replicationRequest(subject),
    ];
    if (facts) {
      const key = sourceKeyOf(subject, facts);
      if (key.kind === 'key' && key.request) needs.push(key.request);
    }
    return needs;
  },
  evaluate(subject, facts) {
    const key = sourceKeyOf(subject, facts);
    if (key.kind === 'unknown') return unknownFrom(ID, key.what, key.fact, key.evidence);
    if (key.kind === 'none') return result(ID, 'skipped', `No source KMS key applies: ${key.why}.`, [key.evidence]);
    if (!key.request) {
      return result(ID, 'unknown', `Could not read KMS key ${key.keyId}: the source bucket's Region is unknown.`, [
        key.evidence,
      ]);
    }
    const meta = factFor(facts, key.request);
    if (meta.state === 'unknown')
      return unknownFrom(ID, `KMS key ${key.keyId}`, meta, { source: 'DescribeKey', field: key.keyId });
    if (meta.state === 'absent') {
      return result(
        ID,
        'fail',
        `Source KMS key ${key.keyId} does not exist (${meta.code}): S3 cannot decrypt the object.`,
        [key.evidence, { source: 'DescribeKey', field: key.keyId, value: meta.code }],
        { severityHint: 'critical', findingTerms: ['deleted', 'never existed', 'does not exist', 'not found'] },
      );
    }
    const location = factFor(facts, sourceFactRequest(subject, 'location'));
    const account = sourceAccountOf(subject, facts);
    const judgement = judgeKey(meta.value, {
      side: 'source',
      ...(location.state === 'ok' ? { bucketRegion: location.value.region } : {}),
      ...(account ? { usingAccount: account } : {}),
    });
    return result(ID, judgement.status, judgement.summary, [key.evidence, ...judgement.evidence], judgement.extras);
  },
};
