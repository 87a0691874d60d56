/**
 * AWS Organizations facts: the service control policies that apply to an account, read along the path from the
 * account up to the root (`ListParents`), with `ListPoliciesForTarget` (`SERVICE_CONTROL_POLICY`) at each level and
 * `DescribePolicy` for each document. Organizations answers only the management account or a delegated
 * administrator; elsewhere the reads are denied and the fact is `unknown`, naming the permission.
 */
import {
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  absent,
  type Fact,
  type OrganizationTargetFact,
  ok,
  type ServiceControlPoliciesFact,
  type ServiceControlPolicyFact,
  unknown,
} from '../checks/facts.js';
import { type AwsCall, errorName, factFromError } from './aws-errors.js';
import type { ReadCounter } from './facts-clients.js';
import { compact } from './s3-facts.js';

/** Organizations' own answer for an account that is in no organization: there are no SCPs to apply. */
const NOT_IN_ORGANIZATION = 'AWSOrganizationsNotInUseException';
/** Bounds on the walk: OUs nest at most five deep under the root. */
const MAX_DEPTH = 8;
const MAX_PAGES = 20;

type Step<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly fact: Fact<never> };

async function step<T>(counter: ReadCounter, call: AwsCall, run: () => Promise<T>): Promise<Step<T>> {
  counter.count(call.api);
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (errorName(error) === NOT_IN_ORGANIZATION) return { ok: false, fact: absent(NOT_IN_ORGANIZATION) };
    const fact = factFromError(error, call);
    if (fact.state === 'unknown' && fact.missingPermission) {
      return {
        ok: false,
        fact: unknown(
          `${fact.reason} (Organizations answers only the management account or a delegated administrator)`,
          fact.missingPermission,
        ),
      };
    }
    return { ok: false, fact };
  }
}

/** The parent of a target: `{ Id, Type }` (`ROOT` or `ORGANIZATIONAL_UNIT`). */
async function parentOf(
  org: OrganizationsClient,
  childId: string,
  counter: ReadCounter,
): Promise<Step<{ Id: string; Type: string } | undefined>> {
  const answer = await step(
    counter,
    { api: 'ListParents', action: 'organizations:ListParents', resource: childId },
    () => org.send(new ListParentsCommand({ ChildId: childId })),
  );
  if (!answer.ok) return answer;
  const parent = answer.value?.Parents?.[0];
  return { ok: true, value: parent?.Id ? { Id: parent.Id, Type: parent.Type ?? 'ORGANIZATIONAL_UNIT' } : undefined };
}

/** The SCPs attached to one target (all pages), documents included. `documents` is shared across targets. */
async function policiesOf(
  org: OrganizationsClient,
  targetId: string,
  counter: ReadCounter,
  documents: Map<string, Promise<Step<string>>>,
): Promise<Step<ServiceControlPolicyFact[]>> {
  const summaries: { Id: string; Arn?: string; Name?: string; AwsManaged?: boolean }[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await step(
      counter,
      { api: 'ListPoliciesForTarget', action: 'organizations:ListPoliciesForTarget', resource: targetId },
      () =>
        org.send(
          new ListPoliciesForTargetCommand({
            TargetId: targetId,
            Filter: 'SERVICE_CONTROL_POLICY',
            ...(token ? { NextToken: token } : {}),
          }),
        ),
    );
    if (!page.ok) return page;
    for (const p of page.value?.Policies ?? []) {
      if (p.Id) summaries.push(compact({ Id: p.Id, Arn: p.Arn, Name: p.Name, AwsManaged: p.AwsManaged }));
    }
    token = page.value?.NextToken;
    pages += 1;
  } while (token && pages < MAX_PAGES);
  const policies: ServiceControlPolicyFact[] = [];
  for (const summary of summaries) {
    let document = documents.get(summary.Id);
    if (!document) {
      document = step(
        counter,
        { api: 'DescribePolicy', action: 'organizations:DescribePolicy', resource: summary.Id },
        () => org.send(new DescribePolicyCommand({ PolicyId: summary.Id })),
      ).then((answer): Step<string> => {
        if (!answer.ok) return answer;
        const content = answer.value?.Policy?.Content;
        return content
          ? { ok: true, value: content }
          : { ok: false, fact: unknown('DescribePolicy returned no Content') };
      });
      documents.set(summary.Id, document);
    }
    const read = await document;
    const why = read.ok ? undefined : read.fact.state === 'unknown' ? read.fact.reason : 'not found';
    policies.push(compact({ ...summary, document: read.ok ? read.value : undefined, documentUnknown: why }));
  }
  return { ok: true, value: policies };
}

/**
 * The SCPs that apply to `accountId`, root first. An account in no organization → `absent`
 * (`AWSOrganizationsNotInUseException`); not the management account → `unknown` naming the Organizations permission.
 * A policy whose document cannot be read keeps its name and says why (`documentUnknown`).
 */
export async function readServiceControlPolicies(
  org: OrganizationsClient,
  accountId: string,
  counter: ReadCounter,
): Promise<Fact<ServiceControlPoliciesFact>> {
  const chain: { Id: string; Type: string }[] = [{ Id: accountId, Type: 'ACCOUNT' }];
  let current = accountId;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const parent = await parentOf(org, current, counter);
    if (!parent.ok) return parent.fact;
    if (parent.value === undefined) break;
    chain.unshift(parent.value);
    if (parent.value.Type === 'ROOT') break;
    current = parent.value.Id;
  }
  if (chain[0]?.Type !== 'ROOT') return unknown(`ListParents did not reach the organization root from ${accountId}`);
  const documents = new Map<string, Promise<Step<string>>>();
  const path: OrganizationTargetFact[] = [];
  for (const target of chain) {
    const policies = await policiesOf(org, target.Id, counter, documents);
    if (!policies.ok) return policies.fact;
    path.push({ Id: target.Id, Type: target.Type, policies: policies.value });
  }
  return ok({ accountId, path });
}
