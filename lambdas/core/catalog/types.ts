import type { CheckId } from '../../checks/types.js';
import type { Category, Severity } from '../types.js';

/** Real values that remediation snippets are filled with. Unknown values render as `<placeholders>`. */
export interface RemediationContext {
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly ruleId: string;
  readonly key?: string;
  readonly versionId?: string;
  readonly roleArn?: string;
  readonly sourceAccount?: string;
  readonly destinationAccount?: string;
  readonly sourceRegion?: string;
  readonly destinationRegion?: string;
  readonly sourceKmsKeyArn?: string;
  readonly destinationKmsKeyArn?: string;
}

/** One likely cause, with the checks that confirm it (`fail`) or rule it out (`pass`). */
export interface LikelyCause {
  readonly text: string;
  readonly checks: readonly CheckId[];
}

/** A catalog entry for one `failureReason` code. */
export interface CatalogEntry {
  /** The current spelling. */
  readonly code: string;
  /** Older spellings that map to this code (e.g. `DstPutObjNotPermitted`). */
  readonly formerSpellings: readonly string[];
  /** Short title for alerts, e.g. "S3 cannot assume the replication role". */
  readonly title: string;
  /** What the code means, in a few sentences, from the AWS documentation. */
  readonly meaning: string;
  readonly category: Category;
  readonly severity: Severity;
  /** Only S3 Batch Replication produces this code. */
  readonly batchReplicationOnly: boolean;
  /** Only S3 on Outposts produces this code. */
  readonly outpostsOnly: boolean;
  /** Ordered, most likely first. */
  readonly causes: readonly LikelyCause[];
  /** Targeted checks to run for this code (the baseline checks are added by the registry). */
  readonly checks: readonly CheckId[];
  /** Remediation steps with policy and AWS CLI snippets filled in from the context. */
  remediation(ctx: RemediationContext): string[];
  /** AWS documentation links. */
  readonly docs: readonly string[];
}

/** The result of looking a code up: the entry, whether it is known, and the current spelling. */
export interface CatalogLookup {
  readonly failureReason: string;
  readonly canonicalReason: string;
  readonly known: boolean;
  readonly entry: CatalogEntry;
}
