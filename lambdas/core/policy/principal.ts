import { parseArn } from './arn.js';
import { any, type Judgement, maybe, NO, not, YES } from './judgement.js';
import type { ParsedPrincipal } from './parse.js';
import type { PrincipalMatchKind, RequestPrincipal } from './types.js';

/**
 * Principal matching for resource-based policies (S3 bucket policies, KMS key policies).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */

/** The request principal, understood. */
export interface PrincipalIdentity {
  readonly kind: 'root' | 'user' | 'role' | 'session' | 'federated-user' | 'service' | 'other';
  readonly arn: string;
  readonly partition: string;
  readonly accountId: string;
  /** Role name (roles and sessions), user name or federated user name; the last path segment. */
  readonly name?: string;
  /** Session name, for assumed-role sessions. */
  readonly sessionName?: string;
  /** See {@link RequestPrincipal.hasPermissionsBoundary}. */
  readonly hasPermissionsBoundary?: boolean;
}

const ACCOUNT_ID = /^\d{12}$/;

interface ParsedIamArn {
  readonly kind: PrincipalIdentity['kind'];
  readonly partition: string;
  readonly accountId: string;
  readonly name?: string;
  readonly sessionName?: string;
}

function parseIamArn(arn: string): ParsedIamArn | undefined {
  const parsed = parseArn(arn);
  if (parsed === undefined) return undefined;
  const { partition, service, account, resource } = parsed;
  const base = { partition, accountId: account };
  const segments = resource.split('/');
  const last = segments[segments.length - 1] ?? '';
  if (service === 'iam' && resource === 'root') return { kind: 'root', ...base };
  if (service === 'iam' && segments[0] === 'user' && segments.length >= 2) return { kind: 'user', ...base, name: last };
  if (service === 'iam' && segments[0] === 'role' && segments.length >= 2) return { kind: 'role', ...base, name: last };
  if (service === 'sts' && segments[0] === 'assumed-role' && segments.length === 3) {
    return { kind: 'session', ...base, name: segments[1] ?? '', sessionName: last };
  }
  if (service === 'sts' && segments[0] === 'federated-user' && segments.length === 2) {
    return { kind: 'federated-user', ...base, name: last };
  }
  return undefined;
}

/** Classifies the request principal from its ARN (or service name). */
export function identifyPrincipal(principal: RequestPrincipal): PrincipalIdentity {
  if (principal.type === 'Service') {
    return { kind: 'service', arn: principal.arn, partition: '', accountId: principal.accountId };
  }
  const parsed = parseIamArn(principal.arn);
  if (parsed === undefined) {
    return { kind: 'other', arn: principal.arn, partition: '', accountId: principal.accountId };
  }
  const boundary =
    principal.hasPermissionsBoundary === undefined ? {} : { hasPermissionsBoundary: principal.hasPermissionsBoundary };
  return { ...parsed, arn: principal.arn, accountId: principal.accountId || parsed.accountId, ...boundary };
}

/**
 * The IAM role ARN behind a role or assumed-role session principal. A session ARN does not carry the role's path,
 * so for sessions this is the path-less form, exact only for roles created without a path.
 */
export function roleArnOf(who: PrincipalIdentity): string | undefined {
  if (who.kind === 'role') return who.arn;
  if (who.kind === 'session') return `arn:${who.partition}:iam::${who.accountId}:role/${who.name ?? ''}`;
  return undefined;
}

/** How one `"AWS"` entry relates to the request principal. */
type EntryMatch =
  | { readonly kind: 'principal' | 'account' | 'wildcard' | 'no' }
  | { readonly kind: 'maybe'; readonly why: string; readonly as: 'principal' | 'account' };

function entryAccount(entry: string): string | undefined {
  if (ACCOUNT_ID.test(entry)) return entry;
  const parsed = parseIamArn(entry);
  return parsed?.kind === 'root' ? parsed.accountId : undefined;
}

function matchAwsEntry(entry: string, who: PrincipalIdentity): EntryMatch {
  if (who.kind === 'service') return { kind: 'no' };
  // {"AWS": "*"} is every AWS principal, including anonymous ones.
  if (entry === '*') return { kind: 'wildcard' };
  const account = entryAccount(entry);
  if (account !== undefined) {
    if (account !== who.accountId) return { kind: 'no' };
    // The account ARN and the bare account ID both delegate to the account; they are not limited to its root user.
    return { kind: who.kind === 'root' ? 'principal' : 'account' };
  }
  const parsed = parseIamArn(entry);
  // A wildcard cannot match part of a principal ARN; unique IDs (AROA…, AIDA…) appear only once the named
  // principal was deleted, so neither matches anyone.
  if (parsed === undefined) return { kind: entry === who.arn ? 'principal' : 'no' };
  if (parsed.accountId !== who.accountId || (who.partition !== '' && parsed.partition !== who.partition)) {
    return { kind: 'no' };
  }
  if (parsed.kind === 'role' && (who.kind === 'role' || who.kind === 'session')) {
    // Role names are unique in an account whatever the path, and a session ARN drops the path.
    return { kind: parsed.name === who.name ? 'principal' : 'no' };
  }
  if (parsed.kind === 'session' && who.kind === 'session') {
    return { kind: parsed.name === who.name && parsed.sessionName === who.sessionName ? 'principal' : 'no' };
  }
  if (parsed.kind === 'session' && who.kind === 'role' && parsed.name === who.name) {
    return {
      kind: 'maybe',
      why: `${entry} names one session of the role; the session name of this request is unknown`,
      as: 'principal',
    };
  }
  if ((parsed.kind === 'user' || parsed.kind === 'federated-user') && parsed.kind === who.kind) {
    return { kind: parsed.name === who.name ? 'principal' : 'no' };
  }
  return { kind: 'no' };
}

function entryMatches(element: Extract<ParsedPrincipal, { kind: 'list' }>, who: PrincipalIdentity): EntryMatch[] {
  const matches: EntryMatch[] = element.aws.map((entry) => matchAwsEntry(entry, who));
  if (who.kind === 'service') {
    const name = who.arn.toLowerCase();
    if (element.service.some((s) => s.toLowerCase() === name)) matches.push({ kind: 'principal' });
  } else if (element.canonicalUser.length > 0) {
    // A canonical user ID stands for an account, which cannot be mapped to an account ID here.
    matches.push({
      kind: 'maybe',
      why: 'a CanonicalUser principal cannot be compared with an IAM principal ARN',
      as: 'account',
    });
  }
  // Federated principals (SAML/OIDC providers) only appear in role trust policies.
  return matches;
}

const RANK: Record<PrincipalMatchKind, number> = { principal: 3, wildcard: 2, account: 1, 'not-principal': 0 };

/** Result of matching a `Principal` element. */
export interface PrincipalMatch {
  readonly judgement: Judgement;
  /** The strongest way it matched (or could match). */
  readonly via?: PrincipalMatchKind;
}

/** Whether a `Principal` element covers the request principal. */
export function matchPrincipal(element: ParsedPrincipal, who: PrincipalIdentity): PrincipalMatch {
  if (element.kind === 'any') return { judgement: YES, via: 'wildcard' };
  const stronger = (a: PrincipalMatchKind | undefined, b: PrincipalMatchKind) =>
    a === undefined || RANK[b] > RANK[a] ? b : a;
  let via: PrincipalMatchKind | undefined;
  let maybeVia: PrincipalMatchKind | undefined;
  const whys: string[] = [];
  for (const match of entryMatches(element, who)) {
    if (match.kind === 'maybe') {
      whys.push(match.why);
      maybeVia = stronger(maybeVia, match.as);
    } else if (match.kind !== 'no') {
      via = stronger(via, match.kind);
    }
  }
  if (via !== undefined) return { judgement: YES, via };
  if (maybeVia !== undefined) return { judgement: { ...YES, no: true, why: whys }, via: maybeVia };
  return { judgement: NO };
}

/**
 * Whether a `NotPrincipal` statement applies to the request principal (`yes` = not excluded, so it applies).
 * AWS may check the account, then the role, then the session, so the docs list every layer; a principal is
 * excluded when its own entry is listed, and when only a parent layer is missing the docs say the statement
 * "might" still apply, so that is undecided. A role ARN alone does not exclude the role's sessions.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
export function matchNotPrincipal(element: ParsedPrincipal, who: PrincipalIdentity): Judgement {
  const applies = notPrincipalApplies(element, who);
  if (applies.yes || who.kind === 'service' || who.kind === 'other' || who.kind === 'root') return applies;
  // "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a permissions boundary
  // policy attached, regardless of the values specified in the NotPrincipal element." (access_policies_boundaries.html)
  if (who.hasPermissionsBoundary === true) return YES;
  if (who.hasPermissionsBoundary === undefined) {
    return maybe('NotPrincipal excludes the principal unless it has a permissions boundary, which is not known');
  }
  return applies;
}

function notPrincipalApplies(element: ParsedPrincipal, who: PrincipalIdentity): Judgement {
  if (element.kind === 'any') return NO;
  if (who.kind === 'service') {
    return not(any(entryMatches(element, who).map((m) => (m.kind === 'principal' ? YES : NO))));
  }
  const parsed = element.aws.map((entry) => ({ entry, iam: parseIamArn(entry), match: matchAwsEntry(entry, who) }));
  const accountListed = parsed.some((p) => entryAccount(p.entry) === who.accountId);
  if (who.kind === 'root') return accountListed ? NO : YES;
  const roleListed = parsed.some((p) => p.iam?.kind === 'role' && p.match.kind === 'principal');
  // The principal's own layer: the session for sessions (and, name unknown, for a role's requests), else itself.
  const self = any(
    parsed.map((p): Judgement => {
      if (p.match.kind === 'maybe') return maybe(p.match.why);
      if (p.match.kind !== 'principal' || entryAccount(p.entry) !== undefined) return NO;
      return (who.kind === 'role' || who.kind === 'session') && p.iam?.kind === 'role' ? NO : YES;
    }),
  );
  if (!self.yes) return YES;
  const parentsListed = accountListed && (who.kind !== 'role' && who.kind !== 'session' ? true : roleListed);
  if (!parentsListed) {
    return maybe('NotPrincipal lists the principal but not each parent (account, role); AWS may still deny it');
  }
  return not(self);
}
