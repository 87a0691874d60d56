/**
 * Shared helpers for the infra tests: apps with a temporary outdir and the project's feature flags, fast inline
 * Lambda code, and typed views of a synthesised template.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ReplicationDoctor, type ReplicationDoctorProps } from '../../infra/replication-doctor.js';
import { ReplicationDoctorStack, type ReplicationDoctorStackProps } from '../../infra/replication-doctor-stack.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ENV = { account: '111122223333', region: 'us-east-1' } as const;
export const SOURCE_BUCKETS = ['source-bucket-a', 'source-bucket-b'];
export const DESTINATION_ROLE = 'arn:aws:iam::222222222222:role/replication-doctor-read';

/** The feature flags of cdk.json, so tests synthesise what `cdk synth` does (`new App()` does not read cdk.json). */
export const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

const outdirs: string[] = [];

/** The synth-time warning every deployment carries (asserted in its own test). */
export const METRICS_WARNING_ID = 'Annotation::replication-doctor:ReplicationMetricsRequired';

/**
 * A new app whose outdir is a temporary directory, removed by {@link cleanupApps}. The replication-metrics
 * warning is acknowledged unless `warnings` is set, so test output stays readable.
 */
export function testApp(context: Record<string, unknown> = {}, options: { warnings?: boolean } = {}): App {
  const outdir = mkdtempSync(join(tmpdir(), 'replication-doctor-infra-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { ...CDK_JSON_CONTEXT, ...context } });
  if (!options.warnings) {
    Validations.of(app).acknowledge({ id: METRICS_WARNING_ID, reason: 'Asserted by its own test.' });
  }
  return app;
}

/** Removes every outdir created by {@link testApp}; call it in `afterAll`. */
export function cleanupApps(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Inline code: no bundling, so a synth takes milliseconds. */
export function inlineCode(): lambda.Code {
  return lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });');
}

/** Stack props with inline code and the two test buckets, overridden by `overrides`. */
export function stackProps(overrides: Partial<ReplicationDoctorStackProps> = {}): ReplicationDoctorStackProps {
  return {
    sourceBucketNames: SOURCE_BUCKETS,
    responderCode: inlineCode(),
    auditorCode: inlineCode(),
    ...overrides,
  };
}

/** Synthesises a `ReplicationDoctorStack` (no cdk-nag) and returns it with its template. */
export function synthStack(
  overrides: Partial<ReplicationDoctorStackProps> = {},
  options: { warnings?: boolean } = {},
): {
  stack: ReplicationDoctorStack;
  template: Template;
} {
  const stack = new ReplicationDoctorStack(testApp({}, options), 'ReplicationDoctor', stackProps(overrides));
  return { stack, template: Template.fromStack(stack) };
}

/** Builds the construct alone in a fresh stack (for validation tests that throw at construction). */
export function buildConstruct(overrides: Partial<ReplicationDoctorProps> = {}): ReplicationDoctor {
  const stack = new Stack(testApp(), 'Test', { env: ENV });
  return new ReplicationDoctor(stack, 'Doctor', {
    sourceBucketNames: SOURCE_BUCKETS,
    responderCode: inlineCode(),
    auditorCode: inlineCode(),
    ...overrides,
  });
}

/** A CloudFormation resource as found in a template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties: Record<string, unknown>;
  readonly DependsOn?: string[];
}

/** One IAM policy statement as found in a template. */
export interface Statement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): Array<[string, CfnResource]> {
  const resources = (template.toJSON() as { Resources: Record<string, CfnResource> }).Resources;
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

/** The only resource of a type whose logical id starts with `prefix`. */
export function onlyResource(template: Template, type: string, prefix = ''): [string, CfnResource] {
  const matches = resourcesOfType(template, type).filter(([id]) => id.startsWith(prefix));
  if (matches.length !== 1) throw new Error(`expected one ${type} starting with ${prefix}, found ${matches.length}`);
  return matches[0] as [string, CfnResource];
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Every statement of every `AWS::IAM::Policy` attached to the role with logical id `roleId`, plus inline ones. */
export function roleStatements(template: Template, roleId: string): Statement[] {
  const attached = resourcesOfType(template, 'AWS::IAM::Policy').filter(([, policy]) =>
    asArray(policy.Properties.Roles as unknown[]).some(
      (ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId }),
    ),
  );
  const [, role] = onlyResource(template, 'AWS::IAM::Role', roleId);
  const inline = asArray(role.Properties.Policies as Array<{ PolicyDocument: { Statement: Statement[] } }>);
  return [
    ...attached.flatMap(([, policy]) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement),
    ...inline.flatMap((policy) => policy.PolicyDocument.Statement),
  ];
}

/** Logical id of the role whose id starts with `prefix` (e.g. `DoctorResponderRole`). */
export function roleId(template: Template, prefix: string): string {
  return onlyResource(template, 'AWS::IAM::Role', prefix)[0];
}

/** Joins an `Fn::Join` into text, rendering `Ref`/`Fn::GetAtt` as `<Id>`/`<Id.Attr>` (JSON-safe). */
export function joinToText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (Array.isArray(record['Fn::Join'])) {
      const [delimiter, items] = record['Fn::Join'] as [string, unknown[]];
      return items.map(joinToText).join(delimiter);
    }
    if (Array.isArray(record['Fn::GetAtt'])) return `<${(record['Fn::GetAtt'] as string[]).join('.')}>`;
    if (typeof record.Ref === 'string') return `<${record.Ref}>`;
  }
  return JSON.stringify(value);
}
