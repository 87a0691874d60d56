import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { METRICS_NAMESPACE, PowertoolsResponderMetrics } from '../../../lambdas/responder/observability.js';

describe('PowertoolsResponderMetrics', () => {
  let write: MockInstance<typeof process.stdout.write> | undefined;
  afterEach(() => {
    write?.mockRestore();
    vi.unstubAllEnvs();
  });

  function emitted(): Record<string, unknown>[] {
    return (write?.mock.calls ?? [])
      .map((call) => String(call[0]))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('emits each count once with its total, and dimensioned counts as their own EMF documents', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const metrics = new PowertoolsResponderMetrics(new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'test' }));

    metrics.count('MalformedMessages');
    metrics.count('MalformedMessages', 2);
    metrics.count('ReplicationFailures', 3, { name: 'FailureReason', value: 'AssumeRoleNotPermitted' });
    metrics.count('ReplicationFailures', 4, { name: 'FailureReason', value: 'AssumeRoleNotPermitted' });
    metrics.count('ReplicationFailures', 1, { name: 'FailureReason', value: 'Unclassified' });
    metrics.flush();

    const docs = emitted();
    const plain = docs.find((d) => 'MalformedMessages' in d);
    expect(plain?.MalformedMessages).toBe(3);
    const byReason = docs
      .filter((d) => 'ReplicationFailures' in d)
      .map((d) => [d.FailureReason, d.ReplicationFailures]);
    expect(byReason).toEqual([
      ['AssumeRoleNotPermitted', 7],
      ['Unclassified', 1],
    ]);
    const namespaces = docs.map(
      (d) => (d._aws as { CloudWatchMetrics: { Namespace: string }[] }).CloudWatchMetrics[0]?.Namespace,
    );
    expect(new Set(namespaces)).toEqual(new Set(['S3ReplicationDoctor']));
  });

  it('emits nothing and warns about nothing when nothing was counted', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const metrics = new PowertoolsResponderMetrics(new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'test' }));

    metrics.flush();

    expect(emitted()).toEqual([]);
  });
});
