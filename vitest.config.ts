import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    env: {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_EC2_METADATA_DISABLED: 'true',
      ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111122223333:replication-doctor-alerts',
      POWERTOOLS_SERVICE_NAME: 'replication-doctor',
      POWERTOOLS_METRICS_NAMESPACE: 'S3ReplicationDoctor',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    },
    coverage: {
      provider: 'v8',
      include: ['lambdas/**/*.ts', 'infra/**/*.ts'],
      exclude: ['infra/bin/**'],
      thresholds: { lines: 80, functions: 80, statements: 80, branches: 70 },
    },
  },
});
