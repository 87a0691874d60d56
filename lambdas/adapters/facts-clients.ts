/**
 * AWS SDK v3 clients for reading facts: created once, cached per Region and per assumed role, configured to fail fast
 * (adaptive retries, at most 3 attempts, 1 s to connect, 3 s per request) so that without credentials or network every
 * check comes back `unknown` within seconds.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { requestTimeouts } from './request-timeouts.js';

/** Static credentials or a provider, as every SDK client accepts. */
export type CredentialsInput = NonNullable<S3ClientConfig['credentials']>;

/** Reads through an assumed destination read role. */
export interface RoleAccess {
  readonly roleArn: string;
  readonly credentials: CredentialsInput;
}

export interface FactsClientsOptions {
  /** Home Region (STS, IAM, first HeadBucket). @default the SDK's (AWS_REGION) */
  readonly region?: string;
  /** Credentials for the doctor itself. @default the SDK's default chain */
  readonly credentials?: CredentialsInput;
  /** @default 1000 */
  readonly connectionTimeoutMs?: number;
  /** @default 3000 */
  readonly requestTimeoutMs?: number;
  /** @default 3 */
  readonly maxAttempts?: number;
}

export interface FactsClients {
  /** S3 in a Region (default: home), optionally through a role. */
  s3(region?: string, via?: RoleAccess): S3Client;
  kms(region?: string, via?: RoleAccess): KMSClient;
  iam(via?: RoleAccess): IAMClient;
  /** STS with the doctor's own credentials. */
  sts(): STSClient;
  /**
   * AWS Organizations with the doctor's own credentials (a global service: its endpoint is in us-east-1 for the `aws`
   * partition). Optional so that hand-made client sets keep working; the reader creates one when it is missing.
   */
  organizations?(): OrganizationsClient;
}

/** The Region of the Organizations endpoint in the `aws` partition. */
export const ORGANIZATIONS_REGION = 'us-east-1';

/** Creates the client factory. Each (service, Region, role) gets one client for the life of the process. */
export function createFactsClients(options: FactsClientsOptions = {}): FactsClients {
  const cache = new Map<string, S3Client | KMSClient | IAMClient | STSClient | OrganizationsClient>();
  const base = (region: string | undefined, via: RoleAccess | undefined) => {
    const credentials = via?.credentials ?? options.credentials;
    const chosen = region ?? options.region;
    return {
      ...(chosen ? { region: chosen } : {}),
      ...(credentials ? { credentials } : {}),
      maxAttempts: options.maxAttempts ?? 3,
      retryMode: 'adaptive',
      requestHandler: requestTimeouts(options.connectionTimeoutMs ?? 1000, options.requestTimeoutMs ?? 3000),
    };
  };
  const once = <C extends S3Client | KMSClient | IAMClient | STSClient | OrganizationsClient>(
    key: string,
    make: () => C,
  ): C => {
    const hit = cache.get(key);
    if (hit) return hit as C;
    const client = make();
    cache.set(key, client);
    return client;
  };
  return {
    s3: (region, via) => once(`s3|${region ?? ''}|${via?.roleArn ?? ''}`, () => new S3Client(base(region, via))),
    kms: (region, via) => once(`kms|${region ?? ''}|${via?.roleArn ?? ''}`, () => new KMSClient(base(region, via))),
    iam: (via) => once(`iam|${via?.roleArn ?? ''}`, () => new IAMClient(base(undefined, via))),
    sts: () => once('sts', () => new STSClient(base(undefined, undefined))),
    organizations: () => once('organizations', () => new OrganizationsClient(base(ORGANIZATIONS_REGION, undefined))),
  };
}

/** AWS reads made, in total and per API (for benchmarks and the "reads per diagnosis" figure). */
export interface ReadCounts {
  readonly total: number;
  readonly byApi: Readonly<Record<string, number>>;
}

/** Counts AWS reads. */
export class ReadCounter {
  private totalReads = 0;
  private perApi: Record<string, number> = {};

  count(api: string): void {
    this.totalReads++;
    this.perApi[api] = (this.perApi[api] ?? 0) + 1;
  }

  snapshot(): ReadCounts {
    return { total: this.totalReads, byApi: { ...this.perApi } };
  }

  reset(): void {
    this.totalReads = 0;
    this.perApi = {};
  }
}
