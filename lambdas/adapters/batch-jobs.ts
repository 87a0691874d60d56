import { CreateJobCommand, type CreateJobCommandInput, type S3ControlClient } from '@aws-sdk/client-s3-control';
import { DoctorError, oneLine } from '../core/errors.js';
import type { CreateJobRequestDoc } from '../core/ops/redrive.js';
import { classifyAwsError, errorName } from './aws-errors.js';

/**
 * Creates the planned S3 Batch Replication job and returns its id. A repeated `ClientRequestToken` with the same
 * request returns the job created before; with a different request S3 Control answers `IdempotencyException`.
 */
export async function createBatchReplicationJob(
  s3Control: S3ControlClient,
  request: CreateJobRequestDoc,
): Promise<string> {
  const input: CreateJobCommandInput = structuredClone(request);
  try {
    const output = await s3Control.send(new CreateJobCommand(input));
    if (output.JobId === undefined) throw new DoctorError('CreateJob returned no JobId');
    return output.JobId;
  } catch (error) {
    if (error instanceof DoctorError) throw error;
    const name = errorName(error);
    const why =
      name === 'IdempotencyException'
        ? `a job with token ${request.ClientRequestToken} already exists today with a different request (${oneLine(error)})`
        : classifyAwsError(error) === 'access-denied'
          ? `access denied (the caller needs s3:CreateJob, and iam:PassRole on ${request.RoleArn})`
          : `${name}: ${oneLine(error)}`;
    throw new DoctorError(`CreateJob failed: ${why}`, { cause: error });
  }
}
