import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DoctorError, oneLine, UsageError } from '../core/errors.js';
import { type CommandInput, stringFlag } from './command.js';

// The SDK prints a multi-line NodeVersionSupportWarning on Node 20 when the first client is built; the CLI's stderr
// carries one-line reasons (SPEC "Operator CLI"), so the CLI opts out unless the user chose otherwise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Credentials as the SDK resolves them. */
export type AwsCredentials = Awaited<ReturnType<STSClient['config']['credentials']>>;

/** Who and where a live command runs: resolved once, then handed to every client. */
export interface AwsContext {
  readonly region: string;
  readonly credentials: AwsCredentials;
  readonly profile?: string;
}

/** How long credential resolution may take before the CLI gives up (SPEC: no metadata-endpoint stalls). */
export const CREDENTIALS_TIMEOUT_MS = 3_000;

const NO_CREDENTIALS =
  'no AWS credentials found: configure a profile (--profile or AWS_PROFILE) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY';

export interface RequireCredentialsOptions {
  /** Region to use when neither flags, environment nor profile name one (e.g. the Region the events came from). */
  readonly fallbackRegion?: string;
  /** @default CREDENTIALS_TIMEOUT_MS */
  readonly timeoutMs?: number;
  /** Resolves credentials; @default the SDK's default chain for the profile. Tests pass a fake. */
  readonly resolve?: (profile: string | undefined, region: string) => Promise<AwsCredentials>;
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UsageError(message)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function staticCredentialsOf(env: CommandInput['io']['env']): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) };
}

async function defaultResolve(profile: string | undefined, region: string): Promise<AwsCredentials> {
  const sts = new STSClient({ region, ...(profile ? { profile } : {}) });
  try {
    return await sts.config.credentials();
  } finally {
    sts.destroy();
  }
}

async function resolveRegion(
  input: CommandInput,
  profile: string | undefined,
  fallback: string | undefined,
): Promise<string> {
  const explicit = stringFlag(input, 'region') ?? input.io.env.AWS_REGION ?? input.io.env.AWS_DEFAULT_REGION;
  if (explicit) return explicit;
  // The profile's `region` in ~/.aws/config, as the SDK reads it.
  const sts = new STSClient(profile ? { profile } : {});
  try {
    return await sts.config.region();
  } catch (error) {
    if (fallback !== undefined) return fallback;
    throw new UsageError('no AWS Region: pass --region or set AWS_REGION (or a region in the profile)', {
      cause: error,
    });
  } finally {
    sts.destroy();
  }
}

/**
 * Resolves the caller's credentials and Region once, fast: a live command without credentials fails within
 * `timeoutMs` with a one-line `UsageError` (exit 2) instead of hanging on the EC2 metadata endpoint.
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` in the environment win unless a profile is named (as in the SDK).
 */
export async function requireCredentials(
  input: CommandInput,
  options: RequireCredentialsOptions = {},
): Promise<AwsContext> {
  const env = input.io.env;
  const profile = stringFlag(input, 'profile') ?? env.AWS_PROFILE;
  const region = await resolveRegion(input, profile, options.fallbackRegion);
  const fromEnv = profile === undefined ? staticCredentialsOf(env) : undefined;
  if (fromEnv !== undefined) return { region, credentials: fromEnv };
  const resolve = options.resolve ?? defaultResolve;
  const timeoutMs = options.timeoutMs ?? CREDENTIALS_TIMEOUT_MS;
  try {
    const credentials = await withTimeout(
      resolve(profile, region),
      timeoutMs,
      `${NO_CREDENTIALS} (no credentials within ${Math.round(timeoutMs / 100) / 10} s)`,
    );
    return { region, credentials, ...(profile ? { profile } : {}) };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${NO_CREDENTIALS} (${oneLine(error)})`, { cause: error });
  }
}

/** Configuration every client shares. */
export function clientConfig(context: AwsContext, region = context.region) {
  return { region, credentials: context.credentials, maxAttempts: 3 };
}

/** S3, following a bucket's Region when it differs from the CLI's (e.g. `PermanentRedirect`). */
export function s3Client(context: AwsContext): S3Client {
  return new S3Client({ ...clientConfig(context), followRegionRedirects: true });
}

/** S3 Control; Batch Operations jobs live in the source bucket's Region. */
export function s3ControlClient(context: AwsContext, region?: string): S3ControlClient {
  return new S3ControlClient(clientConfig(context, region));
}

export function sqsClient(context: AwsContext): SQSClient {
  return new SQSClient(clientConfig(context));
}

export function cloudFormationClient(context: AwsContext): CloudFormationClient {
  return new CloudFormationClient(clientConfig(context));
}

/** DynamoDB with the document marshalling the incident store uses. */
export function dynamoDbDocumentClient(context: AwsContext): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig(context)), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** The caller's account and partition (from `GetCallerIdentity`). */
export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
  readonly partition: string;
}

export async function callerIdentity(context: AwsContext): Promise<CallerIdentity> {
  const sts = new STSClient(clientConfig(context));
  try {
    const output = await sts.send(new GetCallerIdentityCommand({}));
    const arn = output.Arn ?? '';
    const account = output.Account;
    if (account === undefined) throw new DoctorError('GetCallerIdentity returned no account');
    return { accountId: account, arn, partition: arn.split(':')[1] || 'aws' };
  } catch (error) {
    if (error instanceof DoctorError) throw error;
    const name = error instanceof Error ? error.name : 'error';
    if (/ExpiredToken|InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClient/.test(name)) {
      throw new UsageError(`the AWS credentials were rejected (${name}): refresh them or pick another --profile`, {
        cause: error,
      });
    }
    throw new DoctorError(`GetCallerIdentity failed: ${name}: ${oneLine(error)}`, { cause: error });
  } finally {
    sts.destroy();
  }
}
