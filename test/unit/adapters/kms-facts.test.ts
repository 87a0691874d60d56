import { DescribeKeyCommand, GetKeyPolicyCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReadCounter } from '../../../lambdas/adapters/facts-clients.js';
import { readKeyAliases, readKeyMetadata, readKeyPolicy } from '../../../lambdas/adapters/kms-facts.js';
import { kmsNotFound } from '../../fixtures/facts/aws-errors.js';

const kmsMock = mockClient(KMSClient);
const kms = new KMSClient({ region: 'eu-west-1' });
const counter = new ReadCounter();
const KEY = 'arn:aws:kms:eu-west-1:444455556666:key/2222bbbb-2222-bbbb-2222-bbbb2222bbbb';

beforeEach(() => {
  kmsMock.reset();
  counter.reset();
});

describe('kms-facts', () => {
  it('reads key metadata with the Region from the ARN and the deletion date', async () => {
    kmsMock.on(DescribeKeyCommand, { KeyId: KEY }).resolves({
      KeyMetadata: {
        KeyId: '2222bbbb-2222-bbbb-2222-bbbb2222bbbb',
        Arn: KEY,
        AWSAccountId: '444455556666',
        KeyState: 'PendingDeletion',
        Enabled: false,
        KeyManager: 'CUSTOMER',
        DeletionDate: new Date('2026-02-01T00:00:00Z'),
        PendingDeletionWindowInDays: 7,
        Origin: 'AWS_KMS',
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT',
        MultiRegion: false,
      },
    });
    expect(await readKeyMetadata(kms, KEY, counter)).toEqual({
      state: 'ok',
      value: {
        KeyId: '2222bbbb-2222-bbbb-2222-bbbb2222bbbb',
        Arn: KEY,
        AWSAccountId: '444455556666',
        region: 'eu-west-1',
        KeyState: 'PendingDeletion',
        Enabled: false,
        KeyManager: 'CUSTOMER',
        DeletionDate: '2026-02-01T00:00:00.000Z',
        PendingDeletionWindowInDays: 7,
        Origin: 'AWS_KMS',
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT',
        MultiRegion: false,
      },
    });
  });

  it('reads a missing key as absent NotFoundException', async () => {
    kmsMock.on(DescribeKeyCommand).rejects(kmsNotFound(KEY));
    expect(await readKeyMetadata(kms, KEY, counter)).toEqual({ state: 'absent', code: 'NotFoundException' });
  });

  it('reads the default key policy and the aliases across pages', async () => {
    kmsMock
      .on(GetKeyPolicyCommand, { KeyId: KEY, PolicyName: 'default' })
      .resolves({ Policy: '{"Statement":[]}', PolicyName: 'default' });
    kmsMock
      .on(ListAliasesCommand)
      .resolvesOnce({ Aliases: [{ AliasName: 'alias/replica' }], Truncated: true, NextMarker: 'n' })
      .resolvesOnce({ Aliases: [{ AliasName: 'alias/other' }], Truncated: false });
    expect(await readKeyPolicy(kms, KEY, counter)).toEqual({ state: 'ok', value: '{"Statement":[]}' });
    expect(await readKeyAliases(kms, KEY, counter)).toEqual({ state: 'ok', value: ['alias/replica', 'alias/other'] });
    expect(counter.snapshot()).toEqual({ total: 3, byApi: { GetKeyPolicy: 1, ListAliases: 2 } });
  });
});
