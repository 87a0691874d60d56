/**
 * Public vocabulary of the IAM policy evaluator: the JSON shapes AWS stores (identity policies,
 * S3 bucket policies, KMS key policies) and the request being judged.
 *
 * Grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
 */

/** A scalar as it may appear in a policy's `Condition` values (AWS also accepts JSON numbers and booleans). */
export type PolicyScalar = string | number | boolean;

/** `{"<operator>": {"<context key>": value | [values]}}`. */
export type ConditionBlock = Record<string, Record<string, PolicyScalar | PolicyScalar[]>>;

/** The `Principal` / `NotPrincipal` element: `"*"` or a map of principal types to one or more identifiers. */
export type PrincipalElement =
  | '*'
  | {
      AWS?: string | string[];
      Service?: string | string[];
      Federated?: string | string[];
      CanonicalUser?: string | string[];
    };

/** `Allow` or `Deny`, exactly as AWS spells it. */
export type Effect = 'Allow' | 'Deny';

/** One policy statement as stored by AWS. Exactly one of each pair (`Action`/`NotAction`, …) may appear. */
export interface Statement {
  Sid?: string;
  Effect: Effect;
  Principal?: PrincipalElement;
  NotPrincipal?: PrincipalElement;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: ConditionBlock;
}

/** A policy document. `Statement` may be a single object or an array, as AWS allows. */
export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: Statement | Statement[];
}

/** A condition context value. Arrays are multivalued keys (e.g. `aws:TagKeys`). */
export type ContextValue = string | number | boolean | readonly string[];

/** Who makes the request. */
export interface RequestPrincipal {
  /**
   * For AWS principals an IAM ARN: a role (`arn:aws:iam::111122223333:role/repl-role`), an assumed-role session
   * (`arn:aws:sts::111122223333:assumed-role/repl-role/session`), a user, or the account root.
   * For service principals the service name, e.g. `s3.amazonaws.com`.
   */
  readonly arn: string;
  /** The 12-digit account that owns the principal (empty for a service principal). */
  readonly accountId: string;
  /** @default 'AWS' */
  readonly type?: 'AWS' | 'Service';
  /**
   * Whether the user or role has a permissions boundary. A `NotPrincipal` Deny always denies such principals, so
   * when this is not known, a `NotPrincipal` that would exclude the principal leaves the statement undecided.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
   */
  readonly hasPermissionsBoundary?: boolean;
}

/** The request to judge: who does what to which resource, in which circumstances. */
export interface RequestContext {
  readonly principal: RequestPrincipal;
  /** e.g. `s3:ReplicateObject`, `kms:Encrypt`. */
  readonly action: string;
  /** e.g. `arn:aws:s3:::dst-bucket/key` or a KMS key ARN. */
  readonly resource: string;
  /**
   * Known condition context values, e.g. `kms:ViaService`, `kms:EncryptionContext:aws:s3:arn`,
   * `aws:SourceAccount`, `aws:SecureTransport`. Key names are case-insensitive.
   * `aws:PrincipalArn`, `aws:PrincipalAccount` and `aws:PrincipalType` are derived from `principal` when absent.
   */
  readonly conditionKeys?: Readonly<Record<string, ContextValue>>;
  /**
   * What a key missing from `conditionKeys` means. `'absent'`: the request does not carry it (IAM semantics).
   * `'unknown'`: the caller cannot know it (e.g. `aws:SourceIp` of a request S3 makes on its own), so any condition
   * or policy variable that depends on it is undecidable, unless the key is in `knownAbsentKeys`.
   * @default 'absent'
   */
  readonly unknownKeys?: 'unknown' | 'absent';
  /** Keys known not to be in the request, even when `unknownKeys` is `'unknown'`. */
  readonly knownAbsentKeys?: readonly string[];
}

/** The outcome of evaluating policies: `unknown` when it depends on something that could not be decided. */
export type Decision = 'allow' | 'deny' | 'implicit-deny' | 'unknown';

/** A decided outcome: what {@link Decision} `unknown` may turn out to be. */
export type Outcome = Exclude<Decision, 'unknown'>;

/**
 * How a resource-policy statement's `Principal` matched the request:
 * `principal` names it (role, session, user or service), `account` names its account (delegating to that account's
 * IAM policies), `wildcard` is `"*"`, `not-principal` means the principal is not excluded by `NotPrincipal`.
 */
export type PrincipalMatchKind = 'principal' | 'account' | 'wildcard' | 'not-principal';

/** A statement that took part in a decision. */
export interface StatementMatch {
  readonly policyName: string;
  readonly sid?: string;
  /** Position of the statement in the policy, from 0. */
  readonly index: number;
  readonly effect: Effect;
  /** Why the statement could not be decided (only on `undecided` entries). */
  readonly undecided?: string;
  /** Why the statement was ignored (only on `ignored` entries). */
  readonly ignoredBecause?: string;
  /** Only for statements with a `Principal` or `NotPrincipal` element. */
  readonly principalMatch?: PrincipalMatchKind;
}

/** The result of evaluating one policy (or a set of policies of one kind) against a request. */
export interface PolicyEvaluation {
  readonly decision: Decision;
  /** Allow statements that certainly apply. */
  readonly allowedBy: readonly StatementMatch[];
  /** Deny statements that certainly apply. */
  readonly deniedBy: readonly StatementMatch[];
  /** Statements that may or may not apply; `undecided` says why. */
  readonly undecided: readonly StatementMatch[];
  /** Statements AWS would treat as invalid for this request (e.g. a policy variable with no value). */
  readonly ignored: readonly StatementMatch[];
  /** Every outcome still possible; exactly one unless `decision` is `unknown`. */
  readonly possibleOutcomes: readonly Outcome[];
}
