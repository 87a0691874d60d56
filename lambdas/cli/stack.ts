import {
  DEFAULT_STACK_NAME,
  readStackOutputs,
  StackNotFoundError,
  type StackOutputKey,
  type StackOutputs,
} from '../adapters/stack-outputs.js';
import { UsageError } from '../core/errors.js';
import { type AwsContext, cloudFormationClient } from './aws.js';
import { type CommandInput, stringFlag } from './command.js';

/** A value a command takes from a flag, or else from the deployed stack's outputs. */
export interface StackValue {
  /** The stack output that holds it. */
  readonly output: StackOutputKey;
  /** The flag that supplies it instead (without `--`). */
  readonly flag: string;
  /** What the flag's value is, for messages, e.g. `dead-letter queue URL`. */
  readonly what: string;
}

/**
 * Finds the deployment for commands that need it (SPEC "Operator CLI"): an explicit flag wins; otherwise the
 * stack named by `--stack` (default `ReplicationDoctor`) is read once through CloudFormation.
 */
export class StackLookup {
  private outputs?: Promise<StackOutputs>;

  constructor(
    private readonly input: CommandInput,
    private readonly context: AwsContext,
  ) {}

  get stackName(): string {
    return stringFlag(this.input, 'stack') ?? DEFAULT_STACK_NAME;
  }

  /** The flag's value, else the stack output; a one-line `UsageError` when neither exists. */
  async value(spec: StackValue): Promise<string> {
    const explicit = stringFlag(this.input, spec.flag);
    if (explicit !== undefined) return explicit;
    const outputs = await this.read(spec);
    const value = outputs[spec.output];
    if (value === undefined) {
      throw new UsageError(
        `stack ${this.stackName} has no output ${spec.output}; redeploy it or pass --${spec.flag} <${spec.what}>`,
      );
    }
    return value;
  }

  private async read(spec: StackValue): Promise<StackOutputs> {
    this.outputs ??= readStackOutputs(cloudFormationClient(this.context), this.stackName);
    try {
      return await this.outputs;
    } catch (error) {
      if (error instanceof StackNotFoundError) {
        throw new UsageError(
          `stack ${error.stackName} does not exist in ${this.context.region}: pass --stack <name> of the deployed stack, or --${spec.flag} <${spec.what}>`,
          { cause: error },
        );
      }
      throw error;
    }
  }
}
