/**
 * IAM fact readers for the replication role: the role and its trust policy, inline and attached policies (default
 * version documents) and the permissions boundary. IAM returns policy documents URL-encoded; these readers decode them.
 */
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { type Fact, type InlinePolicyFact, type ManagedPolicyFact, ok, type RoleFact } from '../checks/facts.js';
import { type AwsCall, factFromError } from './aws-errors.js';
import type { ReadCounter } from './facts-clients.js';
import { compact } from './s3-facts.js';

/** `arn:aws:iam::111122223333:role/path/name` → `name`. */
export function roleNameOf(roleArn: string): string {
  const resource = roleArn.split(':').slice(5).join(':');
  return resource.split('/').pop() ?? resource;
}

/** IAM policy documents come URL-encoded (RFC 3986). */
export function decodePolicyDocument(document: string | undefined): string {
  if (document === undefined) return '';
  try {
    return decodeURIComponent(document);
  } catch {
    return document;
  }
}

type Answer<T> = { ok: true; value: T } | { ok: false; fact: Extract<Fact<never>, { state: 'absent' | 'unknown' }> };

async function call<T>(counter: ReadCounter, what: AwsCall, run: () => Promise<T>): Promise<Answer<T>> {
  counter.count(what.api);
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, fact: factFromError(error, what) };
  }
}

/** `GetRole`: existence, trust policy (decoded) and permissions boundary ARN. Missing role → `absent` `NoSuchEntity`. */
export async function readRole(iam: IAMClient, roleArn: string, counter: ReadCounter): Promise<Fact<RoleFact>> {
  const roleName = roleNameOf(roleArn);
  const answer = await call(
    counter,
    { api: 'GetRole', action: 'iam:GetRole', resource: roleArn, notFoundCode: 'NoSuchEntity' },
    () => iam.send(new GetRoleCommand({ RoleName: roleName })),
  );
  if (!answer.ok) return answer.fact;
  const role = answer.value.Role;
  return ok(
    compact({
      Arn: role?.Arn ?? roleArn,
      RoleName: role?.RoleName ?? roleName,
      trustPolicy: decodePolicyDocument(role?.AssumeRolePolicyDocument),
      PermissionsBoundaryArn: role?.PermissionsBoundary?.PermissionsBoundaryArn,
      CreateDate: role?.CreateDate instanceof Date ? role.CreateDate.toISOString() : undefined,
    }),
  );
}

/** `ListRolePolicies` (all pages) + `GetRolePolicy` for each. */
export async function readInlinePolicies(
  iam: IAMClient,
  roleArn: string,
  counter: ReadCounter,
): Promise<Fact<readonly InlinePolicyFact[]>> {
  const roleName = roleNameOf(roleArn);
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await call(
      counter,
      { api: 'ListRolePolicies', action: 'iam:ListRolePolicies', resource: roleArn },
      () => iam.send(new ListRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) })),
    );
    if (!page.ok) return page.fact;
    names.push(...(page.value.PolicyNames ?? []));
    marker = page.value.IsTruncated ? page.value.Marker : undefined;
  } while (marker);
  const policies: InlinePolicyFact[] = [];
  for (const name of names) {
    const policy = await call(
      counter,
      { api: 'GetRolePolicy', action: 'iam:GetRolePolicy', resource: `${roleArn} inline ${name}` },
      () => iam.send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name })),
    );
    if (!policy.ok) return policy.fact;
    policies.push({ PolicyName: name, document: decodePolicyDocument(policy.value.PolicyDocument) });
  }
  return ok(policies);
}

/** A managed policy's default version: `GetPolicy` + `GetPolicyVersion`. Never fails as a whole: a document that
 * cannot be read is marked `documentUnknown`. */
export async function readManagedPolicy(
  iam: IAMClient,
  policyArn: string,
  counter: ReadCounter,
  name?: string,
): Promise<ManagedPolicyFact> {
  const policy = await call(counter, { api: 'GetPolicy', action: 'iam:GetPolicy', resource: policyArn }, () =>
    iam.send(new GetPolicyCommand({ PolicyArn: policyArn })),
  );
  if (!policy.ok) {
    const why = policy.fact.state === 'unknown' ? policy.fact.reason : `${policy.fact.code}`;
    return compact({ PolicyArn: policyArn, PolicyName: name, documentUnknown: why });
  }
  const versionId = policy.value.Policy?.DefaultVersionId;
  const policyName = policy.value.Policy?.PolicyName ?? name;
  if (!versionId)
    return compact({ PolicyArn: policyArn, PolicyName: policyName, documentUnknown: 'no default version' });
  const version = await call(
    counter,
    { api: 'GetPolicyVersion', action: 'iam:GetPolicyVersion', resource: policyArn },
    () => iam.send(new GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: versionId })),
  );
  if (!version.ok) {
    const why = version.fact.state === 'unknown' ? version.fact.reason : `${version.fact.code}`;
    return compact({ PolicyArn: policyArn, PolicyName: policyName, VersionId: versionId, documentUnknown: why });
  }
  return compact({
    PolicyArn: policyArn,
    PolicyName: policyName,
    VersionId: versionId,
    document: decodePolicyDocument(version.value.PolicyVersion?.Document),
  });
}

/** `ListAttachedRolePolicies` (all pages) + each policy's default version document. */
export async function readAttachedPolicies(
  iam: IAMClient,
  roleArn: string,
  counter: ReadCounter,
): Promise<Fact<readonly ManagedPolicyFact[]>> {
  const roleName = roleNameOf(roleArn);
  const attached: { arn: string; name?: string }[] = [];
  let marker: string | undefined;
  do {
    const page = await call(
      counter,
      { api: 'ListAttachedRolePolicies', action: 'iam:ListAttachedRolePolicies', resource: roleArn },
      () =>
        iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, ...(marker ? { Marker: marker } : {}) })),
    );
    if (!page.ok) return page.fact;
    for (const p of page.value.AttachedPolicies ?? []) {
      if (p.PolicyArn) attached.push({ arn: p.PolicyArn, ...(p.PolicyName ? { name: p.PolicyName } : {}) });
    }
    marker = page.value.IsTruncated ? page.value.Marker : undefined;
  } while (marker);
  return ok(await Promise.all(attached.map((p) => readManagedPolicy(iam, p.arn, counter, p.name))));
}
