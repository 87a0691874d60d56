import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReadCounter } from '../../../lambdas/adapters/facts-clients.js';
import { readAttachedPolicies, readInlinePolicies, readRole, roleNameOf } from '../../../lambdas/adapters/iam-facts.js';
import { accessDenied, noSuchEntity } from '../../fixtures/facts/aws-errors.js';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });
const counter = new ReadCounter();
const ROLE = 'arn:aws:iam::111122223333:role/service-role/s3-replication';
const TRUST =
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"sts:AssumeRole"}]}';

beforeEach(() => {
  iamMock.reset();
  counter.reset();
});

describe('iam-facts', () => {
  it('takes the role name from the ARN, path included', () => {
    expect(roleNameOf(ROLE)).toBe('s3-replication');
  });

  it('reads the role with its URL-decoded trust policy and boundary', async () => {
    iamMock.on(GetRoleCommand, { RoleName: 's3-replication' }).resolves({
      Role: {
        Path: '/service-role/',
        RoleName: 's3-replication',
        RoleId: 'AROAEXAMPLE',
        Arn: ROLE,
        CreateDate: new Date('2025-01-01T00:00:00Z'),
        AssumeRolePolicyDocument: encodeURIComponent(TRUST),
        PermissionsBoundary: {
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
          PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/boundary',
        },
      },
    });
    expect(await readRole(iam, ROLE, counter)).toEqual({
      state: 'ok',
      value: {
        Arn: ROLE,
        RoleName: 's3-replication',
        trustPolicy: TRUST,
        PermissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/boundary',
        CreateDate: '2025-01-01T00:00:00.000Z',
      },
    });
  });

  it('reads a deleted role as absent NoSuchEntity and a denied one as unknown (iam:GetRole)', async () => {
    iamMock.on(GetRoleCommand).rejectsOnce(noSuchEntity('s3-replication')).rejectsOnce(accessDenied());
    expect(await readRole(iam, ROLE, counter)).toEqual({ state: 'absent', code: 'NoSuchEntity' });
    expect(await readRole(iam, ROLE, counter)).toMatchObject({ state: 'unknown', missingPermission: 'iam:GetRole' });
  });

  it('reads every inline policy across pages', async () => {
    iamMock
      .on(ListRolePoliciesCommand)
      .resolvesOnce({ PolicyNames: ['a'], IsTruncated: true, Marker: 'm' })
      .resolvesOnce({ PolicyNames: ['b'], IsTruncated: false });
    iamMock.on(GetRolePolicyCommand).callsFake((input: { PolicyName: string }) => ({
      RoleName: 's3-replication',
      PolicyName: input.PolicyName,
      PolicyDocument: encodeURIComponent(`{"Statement":[{"Sid":"${input.PolicyName}"}]}`),
    }));
    expect(await readInlinePolicies(iam, ROLE, counter)).toEqual({
      state: 'ok',
      value: [
        { PolicyName: 'a', document: '{"Statement":[{"Sid":"a"}]}' },
        { PolicyName: 'b', document: '{"Statement":[{"Sid":"b"}]}' },
      ],
    });
    expect(iamMock).toHaveReceivedCommandWith(ListRolePoliciesCommand, { Marker: 'm' });
  });

  it('reads attached policies with their default version documents', async () => {
    const arn = 'arn:aws:iam::111122223333:policy/replication';
    iamMock
      .on(ListAttachedRolePoliciesCommand)
      .resolves({ AttachedPolicies: [{ PolicyName: 'replication', PolicyArn: arn }] });
    iamMock
      .on(GetPolicyCommand, { PolicyArn: arn })
      .resolves({ Policy: { PolicyName: 'replication', Arn: arn, DefaultVersionId: 'v3' } });
    iamMock.on(GetPolicyVersionCommand, { PolicyArn: arn, VersionId: 'v3' }).resolves({
      PolicyVersion: { Document: encodeURIComponent('{"Statement":[]}'), VersionId: 'v3', IsDefaultVersion: true },
    });
    expect(await readAttachedPolicies(iam, ROLE, counter)).toEqual({
      state: 'ok',
      value: [{ PolicyArn: arn, PolicyName: 'replication', VersionId: 'v3', document: '{"Statement":[]}' }],
    });
    expect(counter.snapshot()).toEqual({
      total: 3,
      byApi: { ListAttachedRolePolicies: 1, GetPolicy: 1, GetPolicyVersion: 1 },
    });
  });
});
