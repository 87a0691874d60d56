import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { DestinationAccessStack } from '../../infra/destination-access-stack.js';
import { ReplicationDoctorStack, type ReplicationDoctorStackProps } from '../../infra/replication-doctor-stack.js';
import { cleanupApps, DESTINATION_ROLE, ENV, stackProps, testApp } from './support.js';

afterAll(cleanupApps);

interface ValidationReport {
  pluginReports: Array<{
    pluginName: string;
    violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }>;
  }>;
}

/** Synthesises with the AwsSolutions pack and returns every unacknowledged AwsSolutions finding. */
function nagFindings(app: App): string[] {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  try {
    app.synth();
    return [];
  } catch (error) {
    const report = JSON.parse(readFileSync(join(app.outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
    const findings = report.pluginReports
      .flatMap((plugin) => plugin.violations)
      .filter((violation) => violation.ruleName.startsWith('AwsSolutions'))
      .flatMap((violation) => violation.violatingConstructs.map((c) => `${violation.ruleName} @ ${c.constructPath}`));
    if (findings.length === 0) throw error;
    return findings;
  }
}

function mainStackApp(overrides: Partial<ReplicationDoctorStackProps>): App {
  const app = testApp();
  new ReplicationDoctorStack(app, 'ReplicationDoctor', stackProps(overrides));
  return app;
}

describe('cdk-nag AwsSolutions', () => {
  it('has no unacknowledged finding on the full ReplicationDoctor stack (environment-agnostic)', () => {
    const app = mainStackApp({
      alertEmails: ['oncall@example.com'],
      alertHttpsEndpoints: ['https://hooks.example.com/replication'],
      opsEmails: ['platform@example.com'],
      destinationReadRoleArns: [DESTINATION_ROLE],
      batchReplicationRole: true,
      suppressions: [{ keyPrefix: 'tmp/' }],
    });
    expect(nagFindings(app)).toEqual([]);
  });

  it('has no unacknowledged finding with an explicit environment, an existing topic and object checks off', () => {
    const app = mainStackApp({
      env: ENV,
      existingAlertTopicArn: 'arn:aws:sns:us-east-1:111122223333:alerts',
      objectChecks: false,
      batchReplicationRole: true,
      batchReportBucketName: 'ops-reports-bucket',
    });
    expect(nagFindings(app)).toEqual([]);
  });

  it('has no unacknowledged finding on the ReplicationDoctorDestinationAccess stack', () => {
    const app = testApp();
    new DestinationAccessStack(app, 'ReplicationDoctorDestinationAccess', {
      responderRoleArn: 'arn:aws:iam::111122223333:role/responder',
    });
    new DestinationAccessStack(app, 'Limited', {
      env: { account: '222222222222', region: 'us-east-1' },
      responderRoleArn: 'arn:aws:iam::111122223333:role/responder',
      destinationBucketNames: ['dest-bucket-a'],
    });
    expect(nagFindings(app)).toEqual([]);
  });

  it('reports a finding that nothing acknowledges (the gate is live)', () => {
    const app = mainStackApp({});
    const stack = app.node.findChild('ReplicationDoctor') as ReplicationDoctorStack;
    new iam.Role(stack, 'Unjustified', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }).addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:Get*'], resources: ['*'] }),
    );
    expect(nagFindings(app)).toEqual([
      'AwsSolutions-IAM5[Action::s3:Get*] @ ReplicationDoctor/Unjustified/DefaultPolicy/Resource',
      'AwsSolutions-IAM5[Resource::*] @ ReplicationDoctor/Unjustified/DefaultPolicy/Resource',
    ]);
  });
});
