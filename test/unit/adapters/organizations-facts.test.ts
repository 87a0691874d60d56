import {
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReadCounter } from '../../../lambdas/adapters/facts-clients.js';
import { readServiceControlPolicies } from '../../../lambdas/adapters/organizations-facts.js';
import { organizationsAccessDenied, organizationsNotInUse } from '../../fixtures/facts/aws-errors.js';

const orgMock = mockClient(OrganizationsClient);
const org = new OrganizationsClient({ region: 'us-east-1' });
const counter = new ReadCounter();
const ACCOUNT = '111122223333';
const FULL = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const DENY =
  '{"Version":"2012-10-17","Statement":[{"Sid":"NoDeletes","Effect":"Deny","Action":"s3:ReplicateDelete","Resource":"*"}]}';

beforeEach(() => {
  orgMock.reset();
  counter.reset();
});

describe('readServiceControlPolicies', () => {
  it('walks from the account up to the root and reads each SCP document once', async () => {
    orgMock
      .on(ListParentsCommand, { ChildId: ACCOUNT })
      .resolves({ Parents: [{ Id: 'ou-ab12-prod', Type: 'ORGANIZATIONAL_UNIT' }] })
      .on(ListParentsCommand, { ChildId: 'ou-ab12-prod' })
      .resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    const summary = (Id: string, Name: string) => ({
      Id,
      Name,
      Arn: `arn:aws:organizations::999999999999:policy/o-x/service_control_policy/${Id}`,
    });
    orgMock
      .on(ListPoliciesForTargetCommand, { TargetId: 'r-ab12' })
      .resolves({ Policies: [{ ...summary('p-FullAWSAccess', 'FullAWSAccess'), AwsManaged: true }] })
      .on(ListPoliciesForTargetCommand, { TargetId: 'ou-ab12-prod' })
      .resolves({
        Policies: [{ ...summary('p-FullAWSAccess', 'FullAWSAccess'), AwsManaged: true }, summary('p-deny', 'Protect')],
      })
      .on(ListPoliciesForTargetCommand, { TargetId: ACCOUNT })
      .resolves({ Policies: [{ ...summary('p-FullAWSAccess', 'FullAWSAccess'), AwsManaged: true }] });
    orgMock
      .on(DescribePolicyCommand, { PolicyId: 'p-FullAWSAccess' })
      .resolves({ Policy: { Content: FULL } })
      .on(DescribePolicyCommand, { PolicyId: 'p-deny' })
      .resolves({ Policy: { Content: DENY } });
    const fact = await readServiceControlPolicies(org, ACCOUNT, counter);
    expect(fact.state).toBe('ok');
    if (fact.state !== 'ok') return;
    expect(fact.value.path.map((t) => [t.Id, t.Type, t.policies.map((p) => p.Name)])).toEqual([
      ['r-ab12', 'ROOT', ['FullAWSAccess']],
      ['ou-ab12-prod', 'ORGANIZATIONAL_UNIT', ['FullAWSAccess', 'Protect']],
      [ACCOUNT, 'ACCOUNT', ['FullAWSAccess']],
    ]);
    expect(fact.value.path[1]?.policies[1]).toMatchObject({ Id: 'p-deny', document: DENY });
    expect(orgMock).toHaveReceivedCommandWith(ListPoliciesForTargetCommand, { Filter: 'SERVICE_CONTROL_POLICY' });
    expect(counter.snapshot().byApi).toEqual({ ListParents: 2, ListPoliciesForTarget: 3, DescribePolicy: 2 });
  });

  it('reads an account in no organization as absent, and a member account as unknown naming the permission', async () => {
    orgMock.on(ListParentsCommand).rejectsOnce(organizationsNotInUse()).rejectsOnce(organizationsAccessDenied());
    expect(await readServiceControlPolicies(org, ACCOUNT, counter)).toEqual({
      state: 'absent',
      code: 'AWSOrganizationsNotInUseException',
    });
    expect(await readServiceControlPolicies(org, ACCOUNT, counter)).toMatchObject({
      state: 'unknown',
      missingPermission: 'organizations:ListParents',
      reason: expect.stringContaining('management account or a delegated administrator'),
    });
  });

  it('keeps an SCP whose document cannot be read, saying why', async () => {
    orgMock.on(ListParentsCommand).resolves({ Parents: [{ Id: 'r-ab12', Type: 'ROOT' }] });
    orgMock.on(ListPoliciesForTargetCommand).resolves({ Policies: [{ Id: 'p-x', Name: 'X' }] });
    orgMock.on(DescribePolicyCommand).rejects(organizationsAccessDenied());
    const fact = await readServiceControlPolicies(org, ACCOUNT, counter);
    expect(fact.state === 'ok' && fact.value.path[0]?.policies[0]).toMatchObject({
      Id: 'p-x',
      documentUnknown: expect.stringContaining('organizations:DescribePolicy'),
    });
  });
});
