import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReadCounter } from '../../../lambdas/adapters/facts-clients.js';
import { simulateRolePolicy } from '../../../lambdas/adapters/iam-simulation.js';
import { iamAccessDenied, noCredentials, noSuchEntity } from '../../fixtures/facts/aws-errors.js';

const iamMock = mockClient(IAMClient);
const iam = new IAMClient({ region: 'us-east-1' });
const counter = new ReadCounter();
const ROLE = 'arn:aws:iam::111122223333:role/service-role/s3-replication';
const REQUEST = {
  roleArn: ROLE,
  actions: ['s3:ReplicateObject', 's3:ReplicateDelete'],
  resource: 'arn:aws:s3:::acme-logs-dst/logs/*',
  context: [{ ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['true'], ContextKeyType: 'boolean' }],
};

beforeEach(() => {
  iamMock.reset();
  counter.reset();
});

describe('simulateRolePolicy', () => {
  it('sends the role, the exact actions, the resource and the context, and keeps what decided each action', async () => {
    iamMock.on(SimulatePrincipalPolicyCommand).resolves({
      EvaluationResults: [
        {
          EvalActionName: 's3:ReplicateObject',
          EvalResourceName: REQUEST.resource,
          EvalDecision: 'allowed',
          MatchedStatements: [
            {
              SourcePolicyId: 'replication',
              SourcePolicyType: 'role',
              StartPosition: { Line: 1, Column: 40 },
              EndPosition: { Line: 1, Column: 120 },
            },
          ],
          MissingContextValues: [],
          OrganizationsDecisionDetail: { AllowedByOrganizations: true },
        },
        {
          EvalActionName: 's3:ReplicateDelete',
          EvalDecision: 'explicitDeny',
          MatchedStatements: [],
          MissingContextValues: ['aws:SourceVpce'],
          OrganizationsDecisionDetail: { AllowedByOrganizations: false },
          PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: true },
        },
      ],
      IsTruncated: false,
    });
    expect(await simulateRolePolicy(iam, REQUEST, counter)).toEqual({
      state: 'ok',
      value: {
        results: [
          {
            EvalActionName: 's3:ReplicateObject',
            EvalResourceName: REQUEST.resource,
            EvalDecision: 'allowed',
            MatchedStatements: [
              {
                SourcePolicyId: 'replication',
                SourcePolicyType: 'role',
                StartPosition: { Line: 1, Column: 40 },
                EndPosition: { Line: 1, Column: 120 },
              },
            ],
            MissingContextValues: [],
            AllowedByOrganizations: true,
          },
          {
            EvalActionName: 's3:ReplicateDelete',
            EvalDecision: 'explicitDeny',
            MatchedStatements: [],
            MissingContextValues: ['aws:SourceVpce'],
            AllowedByOrganizations: false,
            AllowedByPermissionsBoundary: true,
          },
        ],
      },
    });
    expect(iamMock).toHaveReceivedCommandWith(SimulatePrincipalPolicyCommand, {
      PolicySourceArn: ROLE,
      ActionNames: REQUEST.actions,
      ResourceArns: [REQUEST.resource],
      ContextEntries: [
        { ContextKeyName: 'aws:SecureTransport', ContextKeyValues: ['true'], ContextKeyType: 'boolean' },
      ],
    });
    expect(counter.snapshot().byApi).toEqual({ SimulatePrincipalPolicy: 1 });
  });

  it('follows pages', async () => {
    iamMock
      .on(SimulatePrincipalPolicyCommand)
      .resolvesOnce({
        EvaluationResults: [{ EvalActionName: 's3:ReplicateObject', EvalDecision: 'allowed' }],
        IsTruncated: true,
        Marker: 'm1',
      })
      .resolvesOnce({
        EvaluationResults: [{ EvalActionName: 's3:ReplicateDelete', EvalDecision: 'implicitDeny' }],
        IsTruncated: false,
      });
    const fact = await simulateRolePolicy(iam, REQUEST, counter);
    expect(fact.state === 'ok' && fact.value.results.map((r) => r.EvalDecision)).toEqual(['allowed', 'implicitDeny']);
    expect(iamMock.commandCalls(SimulatePrincipalPolicyCommand)[1]?.args[0].input.Marker).toBe('m1');
  });

  it('names iam:SimulatePrincipalPolicy when the doctor may not simulate, and reads a deleted role as absent', async () => {
    iamMock
      .on(SimulatePrincipalPolicyCommand)
      .rejectsOnce(iamAccessDenied('iam:SimulatePrincipalPolicy', ROLE))
      .rejectsOnce(noSuchEntity('s3-replication'))
      .rejectsOnce(noCredentials());
    expect(await simulateRolePolicy(iam, REQUEST, counter)).toMatchObject({
      state: 'unknown',
      missingPermission: 'iam:SimulatePrincipalPolicy',
    });
    expect(await simulateRolePolicy(iam, REQUEST, counter)).toEqual({ state: 'absent', code: 'NoSuchEntity' });
    expect(await simulateRolePolicy(iam, REQUEST, counter)).toMatchObject({
      state: 'unknown',
      reason: expect.stringContaining('could not reach AWS'),
    });
  });

  it('is unknown when an action has no result', async () => {
    iamMock.on(SimulatePrincipalPolicyCommand).resolves({
      EvaluationResults: [{ EvalActionName: 's3:ReplicateObject', EvalDecision: 'allowed' }],
    });
    expect(await simulateRolePolicy(iam, REQUEST, counter)).toMatchObject({
      state: 'unknown',
      reason: expect.stringContaining('no result for s3:ReplicateDelete'),
    });
  });
});
