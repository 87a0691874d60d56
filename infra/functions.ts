/**
 * The responder's and auditor's Lambda functions: Node.js 24 on arm64, bundled by esbuild from the repository's
 * TypeScript entry, or given code (tests).
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Repository root: entries, `package-lock.json` and `tsconfig.json` are resolved from here. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** ESM bundle with a `require` shim for CommonJS dependencies (TOOLCHAIN section 2). */
export const BUNDLING: nodejs.BundlingOptions = {
  format: nodejs.OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // Bundle the AWS SDK so the versions in package-lock.json are the ones that run.
  bundleAwsSDK: true,
  // The default credential chain imports these lazily, only when the environment holds no credentials. On Lambda it
  // always does, so they are left out of the bundle (about 90 KB less to compile at cold start); should one ever be
  // needed, the Node.js runtime's own AWS SDK provides it.
  externalModules: [
    '@aws-sdk/credential-provider-ini',
    '@aws-sdk/credential-provider-login',
    '@aws-sdk/credential-provider-process',
    '@aws-sdk/credential-provider-sso',
    '@aws-sdk/credential-provider-web-identity',
    '@aws-sdk/token-providers',
  ],
  banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
  forceDockerBundling: false,
};

/** What differs between the two functions. */
export interface FunctionOptions {
  readonly entry: string;
  readonly code?: lambda.Code;
  readonly description: string;
  readonly role: iam.IRole;
  readonly logGroup: logs.ILogGroup;
  readonly timeout: Duration;
  readonly environment: Record<string, string>;
}

/** Node.js 24 on arm64: an esbuild bundle of `entry`, or the given code (tests). */
export function doctorFunction(scope: Construct, id: string, options: FunctionOptions): lambda.Function {
  const common = {
    description: options.description,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 512,
    timeout: options.timeout,
    role: options.role,
    logGroup: options.logGroup,
    environment: options.environment,
  };
  if (options.code) return new lambda.Function(scope, id, { ...common, code: options.code, handler: 'index.handler' });
  return new nodejs.NodejsFunction(scope, id, {
    ...common,
    entry: join(REPO_ROOT, options.entry),
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
    bundling: BUNDLING,
  });
}
