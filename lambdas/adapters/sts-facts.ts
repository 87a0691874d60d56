/**
 * STS: the doctor's own account (`GetCallerIdentity`) and destination read roles (`AssumeRole`), whose credentials the
 * reader caches until shortly before they expire.
 */
import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { type CallerFact, type Fact, ok, type UnknownFact, unknown } from '../checks/facts.js';
import { factFromError } from './aws-errors.js';
import type { ReadCounter } from './facts-clients.js';

/** `GetCallerIdentity` (needs no permission). */
export async function readCallerIdentity(sts: STSClient, counter: ReadCounter): Promise<Fact<CallerFact>> {
  counter.count('GetCallerIdentity');
  try {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    if (!out.Account) return unknown('GetCallerIdentity returned no account');
    return ok({ Account: out.Account, Arn: out.Arn ?? '' });
  } catch (error) {
    const fact = factFromError(error, { api: 'GetCallerIdentity', resource: 'caller' });
    return fact.state === 'absent' ? unknown(`GetCallerIdentity failed (${fact.code})`) : fact;
  }
}

export interface TemporaryCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export type AssumeOutcome =
  | { readonly ok: true; readonly credentials: TemporaryCredentials }
  | { readonly ok: false; readonly fact: UnknownFact };

/** `AssumeRole` into a destination read role. */
export async function assumeReadRole(
  sts: STSClient,
  roleArn: string,
  sessionName: string,
  counter: ReadCounter,
  durationSeconds = 900,
): Promise<AssumeOutcome> {
  counter.count('AssumeRole');
  try {
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: durationSeconds }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
      return { ok: false, fact: unknown(`AssumeRole into ${roleArn} returned no credentials`) };
    }
    return {
      ok: true,
      credentials: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration instanceof Date ? c.Expiration : new Date(Date.now() + durationSeconds * 1000),
      },
    };
  } catch (error) {
    const fact = factFromError(error, { api: 'AssumeRole', action: 'sts:AssumeRole', resource: roleArn });
    return {
      ok: false,
      fact: fact.state === 'absent' ? unknown(`could not assume ${roleArn} (${fact.code})`, 'sts:AssumeRole') : fact,
    };
  }
}
