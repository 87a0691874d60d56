import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { ListParentsCommand } from '@aws-sdk/client-organizations';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsFactsReader } from '../../../lambdas/adapters/aws-facts-reader.js';
import { FactsCache } from '../../../lambdas/adapters/facts-cache.js';
import { createFactsClients } from '../../../lambdas/adapters/facts-clients.js';
import { A, DST, estate, ROLE } from '../../fixtures/facts/estate.js';
import { iamMock, installFakeAccount, orgMock, resetMocks } from '../../fixtures/facts/fake-account.js';
import { FULL_AWS_ACCESS } from '../../fixtures/facts/fake-policies.js';

const RESOURCE = `arn:aws:s3:::${DST}/logs/*`;
const simulation = (actions: string[]) =>
  ({ kind: 'simulation', roleArn: ROLE, actions, resource: RESOURCE, context: [] }) as const;

function reader() {
  return createAwsFactsReader({
    region: 'us-east-1',
    cache: new FactsCache(),
    clients: createFactsClients({ region: 'us-east-1' }),
  });
}

beforeEach(() => {
  resetMocks();
});

describe('createAwsFactsReader: simulations and SCPs', () => {
  it('caches simulations per action: overlapping requests only simulate what is new', async () => {
    installFakeAccount(estate());
    const r = reader();
    const first = await r.read(simulation(['s3:ReplicateObject', 's3:ReplicateTags']));
    expect(first.state === 'ok' && first.value.results.map((x) => x.EvalDecision)).toEqual(['allowed', 'allowed']);
    const second = await r.read(simulation(['s3:ReplicateTags', 's3:ReplicateDelete']));
    expect(second.state === 'ok' && second.value.results.map((x) => x.EvalActionName)).toEqual([
      's3:ReplicateTags',
      's3:ReplicateDelete',
    ]);
    const calls = iamMock.commandCalls(SimulatePrincipalPolicyCommand).map((c) => c.args[0].input.ActionNames);
    expect(calls).toEqual([['s3:ReplicateObject', 's3:ReplicateTags'], ['s3:ReplicateDelete']]);
    await r.read(simulation(['s3:ReplicateDelete', 's3:ReplicateObject']));
    expect(r.reads.byApi.SimulatePrincipalPolicy).toBe(2);
  });

  it('shares one call among concurrent requests for the same actions', async () => {
    installFakeAccount(estate());
    const r = reader();
    await Promise.all([r.read(simulation(['s3:ReplicateObject'])), r.read(simulation(['s3:ReplicateObject']))]);
    expect(iamMock.commandCalls(SimulatePrincipalPolicyCommand)).toHaveLength(1);
  });

  it('reads the SCPs of an account once, through Organizations', async () => {
    const model = estate();
    model.organization = {
      managementAccount: A,
      rootId: 'r-ab12',
      parents: {},
      scps: { 'p-FullAWSAccess': FULL_AWS_ACCESS },
      attachments: { 'r-ab12': ['p-FullAWSAccess'] },
    };
    installFakeAccount(model);
    const r = reader();
    const request = { kind: 'account', accountId: A, fact: 'serviceControlPolicies' } as const;
    expect(await r.read(request)).toMatchObject({ state: 'unknown', reason: expect.stringContaining('root') });
    model.organization.parents[A] = 'r-ab12';
    const fresh = reader();
    const fact = await fresh.read(request);
    expect(fact.state === 'ok' && fact.value.path.map((t) => t.Type)).toEqual(['ROOT', 'ACCOUNT']);
    await fresh.read(request);
    expect(fresh.reads.byApi.ListParents).toBe(1);
    expect(orgMock).toHaveReceivedCommandWith(ListParentsCommand, { ChildId: A });
  });
});
