import {
  type CloudFormationClient,
  DescribeStacksCommand,
  type DescribeStacksCommandOutput,
} from '@aws-sdk/client-cloudformation';
import { DoctorError, oneLine } from '../core/errors.js';
import { errorName } from './aws-errors.js';

/** The deployed stack's default name (SPEC "Fixed names"). */
export const DEFAULT_STACK_NAME = 'ReplicationDoctor';

/** The output keys the main stack exports; commands that need the deployment read them. */
export const STACK_OUTPUT_KEYS = [
  'AlertTopicArn',
  'SourceBuckets',
  'IncidentTableName',
  'EventQueueUrl',
  'EventQueueArn',
  'DeadLetterQueueUrl',
  'DeadLetterQueueArn',
  'ResponderRoleArn',
  'BatchReplicationRoleArn',
] as const;
export type StackOutputKey = (typeof STACK_OUTPUT_KEYS)[number];

/** The outputs found; a key the stack does not export is absent. */
export type StackOutputs = Partial<Record<StackOutputKey, string>>;

/** The stack does not exist in the account and Region that was asked. */
export class StackNotFoundError extends DoctorError {
  readonly stackName: string;
  constructor(stackName: string, options?: { cause?: unknown }) {
    super(`stack ${stackName} does not exist`, options);
    this.stackName = stackName;
  }
}

function isStackOutputKey(key: string): key is StackOutputKey {
  return (STACK_OUTPUT_KEYS as readonly string[]).includes(key);
}

/**
 * Reads the outputs of a deployed stack with `DescribeStacks`. CloudFormation answers a missing stack with a
 * `ValidationError` "Stack with id X does not exist"; that becomes `StackNotFoundError`.
 */
export async function readStackOutputs(cloudFormation: CloudFormationClient, stackName: string): Promise<StackOutputs> {
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
  const outputs: StackOutputs = {};
  for (const output of stack.Outputs ?? []) {
    if (output.OutputKey !== undefined && output.OutputValue !== undefined && isStackOutputKey(output.OutputKey)) {
      outputs[output.OutputKey] = output.OutputValue;
    }
  }
  return outputs;
}
