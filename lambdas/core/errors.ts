/**
 * The project's one error family. Each error has a `name`, keeps its `cause`,
 * and carries the context needed to explain it in one line.
 */
export class DoctorError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An SQS body or S3 record that does not have the documented shape; `field` names the offending field. */
export class MalformedEventError extends DoctorError {
  readonly field: string;
  constructor(field: string, message: string, options?: { cause?: unknown }) {
    super(`${field}: ${message}`, options);
    this.field = field;
  }
}

/** Invalid configuration (environment, config file, construct props). */
export class ConfigError extends DoctorError {}

/** A CLI user mistake: bad flags, unreadable input, unknown code. Exit code 2, one line, no stack. */
export class UsageError extends DoctorError {}

/** Renders any thrown value as one line without a stack trace. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, ' ').trim();
}
