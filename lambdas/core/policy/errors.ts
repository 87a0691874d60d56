import { DoctorError } from '../errors.js';

/**
 * A policy document (or grant request) that does not have the shape of the IAM policy grammar.
 * `field` is the path of the offending element, e.g. `Statement[1].Effect`.
 */
export class MalformedPolicyError extends DoctorError {
  readonly field: string;
  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, options);
    this.field = field;
  }
}
