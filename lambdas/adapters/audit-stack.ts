/**
 * What `replication-doctor audit` needs from the deployed stack: the configured source buckets (output `SourceBuckets`,
 * comma-separated) and the responder's queue (output `EventQueueArn`), read with one `DescribeStacks`.
 */
import {
  type CloudFormationClient,
  DescribeStacksCommand,
  type DescribeStacksCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { DoctorError, oneLine } from '../core/errors.js';
import { errorName } from './aws-errors.js';
import { StackNotFoundError } from './stack-outputs.js';

/** The stack output that lists the configured source buckets (comma-separated). */
export const SOURCE_BUCKETS_OUTPUT = 'SourceBuckets';
export const EVENT_QUEUE_ARN_OUTPUT = 'EventQueueArn';

export interface AuditStackOutputs {
  /** Absent when the stack does not export them. */
  readonly sourceBuckets?: readonly string[];
  readonly eventQueueArn?: string;
}

/** Reads the audit's stack outputs; a missing stack throws `StackNotFoundError`. */
export async function readAuditStackOutputs(
  cloudFormation: CloudFormationClient,
  stackName: string,
): Promise<AuditStackOutputs> {
  let result: DescribeStacksCommandOutput;
  try {
    result = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
  } catch (error) {
    const name = errorName(error);
    if (name === 'ValidationError' && /does not exist/i.test(oneLine(error)))
      throw new StackNotFoundError(stackName, { cause: error });
    throw new DoctorError(`DescribeStacks ${stackName} failed: ${name}: ${oneLine(error)}`, { cause: error });
  }
  const stack = result.Stacks?.[0];
  if (stack === undefined) throw new StackNotFoundError(stackName);
  const output = (key: string) => stack.Outputs?.find((o) => o.OutputKey === key)?.OutputValue;
  const buckets = output(SOURCE_BUCKETS_OUTPUT);
  const queue = output(EVENT_QUEUE_ARN_OUTPUT);
  return {
    ...(buckets !== undefined
      ? {
          sourceBuckets: buckets
            .split(',')
            .map((b) => b.trim())
            .filter((b) => b !== ''),
        }
      : {}),
    ...(queue !== undefined && queue !== '' ? { eventQueueArn: queue } : {}),
  };
}
