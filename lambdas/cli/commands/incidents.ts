import { DynamoDbIncidentStore } from '../../adapters/dynamodb-store.js';
import { lookupReason } from '../../core/catalog/index.js';
import { UsageError } from '../../core/errors.js';
import { displayKey, oneLineSafe, renderNewAlert } from '../../core/render.js';
import type { IncidentReport } from '../../core/report.js';
import { type IncidentAlertType, type IncidentState, type IncidentStatus, StoreError } from '../../core/store.js';
import type { Category, Severity } from '../../core/types.js';
import { dynamoDbDocumentClient, requireCredentials } from '../aws.js';
import { AWS_OPTIONS, booleanFlag, COMMON_OPTIONS, type Command, STACK_OPTIONS, stringFlag } from '../command.js';
import { printJson } from '../io.js';
import { StackLookup } from '../stack.js';

/** Listing bounds: `--limit` default and maximum. */
export const DEFAULT_INCIDENTS_LIMIT = 50;
export const MAX_INCIDENTS_LIMIT = 1_000;

/** `--status` values; `all` lists both open and resolved incidents. */
export const INCIDENT_STATUS_FILTERS = ['open', 'resolved', 'all'] as const;
export type IncidentStatusFilter = (typeof INCIDENT_STATUS_FILTERS)[number];

/** One incident as `incidents --json` prints it (documented in incidents.md). */
export interface IncidentListing {
  readonly incidentId: string;
  readonly status: IncidentStatus;
  readonly failureReason: string;
  readonly canonicalReason: string;
  readonly known: boolean;
  readonly category: Category;
  readonly severity: Severity;
  readonly title: string | null;
  readonly sourceBucket: string;
  readonly destinationBucket: string;
  readonly ruleId: string;
  readonly awsRegion: string;
  readonly objectCount: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly lastAlert: { readonly type: IncidentAlertType; readonly at: string } | null;
  readonly alertsSent: number;
  readonly resolvedAt: string | null;
  readonly reopenedAt: string | null;
  readonly reopenCount: number;
  readonly recentSampleKeys: string[];
}

/**
 * The incident as listed: severity and category come from its `new` alert's report once that was recorded, and
 * from the catalog before (an incident whose alert never went out still shows how bad it is).
 */
export function listingOf(state: IncidentState): IncidentListing {
  const lookup = lookupReason(state.failureReason || state.canonicalReason);
  return {
    incidentId: state.incidentId,
    status: state.status,
    failureReason: state.failureReason,
    canonicalReason: state.canonicalReason,
    known: lookup.known,
    category: state.category ?? lookup.entry.category,
    severity: state.severity ?? lookup.entry.severity,
    title: state.title ?? null,
    sourceBucket: state.sourceBucket,
    destinationBucket: state.destinationBucket,
    ruleId: state.ruleId,
    awsRegion: state.awsRegion,
    objectCount: state.objectCount,
    firstSeen: state.firstSeen,
    lastSeen: state.lastSeen,
    lastAlert: state.lastAlertAt !== undefined ? { type: state.lastAlertType ?? 'new', at: state.lastAlertAt } : null,
    alertsSent: state.alertsSent,
    resolvedAt: state.resolvedAt ?? null,
    reopenedAt: state.reopenedAt ?? null,
    reopenCount: state.reopenCount ?? 0,
    recentSampleKeys: state.recentSamples.map((s) => s.key),
  };
}

/** SPEC exit code: problems found when an open incident is above `info`. */
export function isOpenProblem(listing: IncidentListing): boolean {
  return listing.status === 'open' && listing.severity !== 'info';
}

function statusOf(text: string | undefined): IncidentStatusFilter {
  if (text === undefined) return 'all';
  if ((INCIDENT_STATUS_FILTERS as readonly string[]).includes(text)) return text as IncidentStatusFilter;
  throw new UsageError(`--status must be one of ${INCIDENT_STATUS_FILTERS.join(', ')}, got ${oneLineSafe(text)}`);
}

function limitOf(text: string | undefined): number {
  if (text === undefined) return DEFAULT_INCIDENTS_LIMIT;
  const limit = Number(text);
  if (!/^\d+$/.test(text) || limit < 1 || limit > MAX_INCIDENTS_LIMIT) {
    throw new UsageError(`--limit must be a whole number from 1 to ${MAX_INCIDENTS_LIMIT}, got ${oneLineSafe(text)}`);
  }
  return limit;
}

/** A missing table is a usage mistake (wrong `--table`, Region or stack), not a crash. */
async function reading<T>(tableName: string, region: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof StoreError && error.awsErrorName === 'ResourceNotFoundException') {
      throw new UsageError(`incident table ${tableName} does not exist in ${region}: pass --table or --stack`, {
        cause: error,
      });
    }
    throw error;
  }
}

function lastAlertText(listing: IncidentListing): string {
  if (listing.lastAlert === null) return 'no alert recorded yet';
  return `last alert ${listing.lastAlert.type} at ${listing.lastAlert.at} (${listing.alertsSent} sent)`;
}

function renderListing(listing: IncidentListing): string[] {
  const reopened = listing.reopenCount > 0 ? `; re-opened ${listing.reopenCount}x, last at ${listing.reopenedAt}` : '';
  return [
    `${listing.status.toUpperCase().padEnd(8)}  ${listing.severity.toUpperCase().padEnd(8)}  ${oneLineSafe(listing.canonicalReason)}  ${listing.incidentId}`,
    `  ${listing.sourceBucket} -> ${listing.destinationBucket}, rule ${oneLineSafe(listing.ruleId)} (${listing.category})`,
    `  ${listing.objectCount} object(s) failed; first seen ${listing.firstSeen}, last seen ${listing.lastSeen}`,
    `  ${lastAlertText(listing)}${listing.resolvedAt ? `; resolved at ${listing.resolvedAt}` : ''}${reopened}`,
  ];
}

function renderDetail(listing: IncidentListing, report: IncidentReport | undefined): string {
  const head = [
    `Incident ${listing.incidentId}: ${listing.status.toUpperCase()}${listing.resolvedAt ? ` since ${listing.resolvedAt}` : ''}`,
    ...renderListing(listing).slice(1),
    ...(listing.recentSampleKeys.length > 0
      ? ['  Recent failed objects:', ...listing.recentSampleKeys.map((k) => `    - ${displayKey(k)}`)]
      : []),
  ];
  const body =
    report === undefined
      ? [
          'No report is stored: the new alert of this incident was not recorded (yet). Diagnose a sample object with',
          `replication-doctor check-object s3://${listing.sourceBucket}/<key>.`,
        ]
      : ['The new alert as it was sent:', '', renderNewAlert(report).message];
  return [...head, '', '-'.repeat(72), '', ...body].join('\n');
}

/**
 * `incidents [--status open|resolved|all] [--id ID] [--limit N]`: the incidents the responder recorded, from the
 * deployed store (`--table`, or the stack output `IncidentTableName` of `--stack`). Exit 0: no open incident above
 * `info` among those shown; 1: at least one; 2: bad usage, no credentials, missing stack, table or incident.
 */
export const incidentsCommand: Command = {
  name: 'incidents',
  maxPositionals: 0,
  summary: 'List open and resolved incidents from the deployed incident store, or show one with --id',
  usage:
    'replication-doctor incidents [--status open|resolved|all] [--id ID] [--limit N] [--stack S | --table T] [--profile P] [--region R] [--json]',
  options: {
    ...COMMON_OPTIONS,
    ...AWS_OPTIONS,
    ...STACK_OPTIONS,
    status: { type: 'string' },
    id: { type: 'string' },
    limit: { type: 'string' },
  },
  async run(input) {
    const { io } = input;
    const json = booleanFlag(input, 'json');
    const id = stringFlag(input, 'id');
    const statusText = stringFlag(input, 'status');
    const limitText = stringFlag(input, 'limit');
    if (id !== undefined && (statusText !== undefined || limitText !== undefined)) {
      throw new UsageError('--id shows one incident; leave out --status and --limit');
    }
    const status = statusOf(statusText);
    const limit = limitOf(limitText);
    const context = await requireCredentials(input);
    const tableName = await new StackLookup(input, context).value({
      output: 'IncidentTableName',
      flag: 'table',
      what: 'incident table name',
    });
    const store = new DynamoDbIncidentStore({ client: dynamoDbDocumentClient(context), tableName });

    if (id !== undefined) {
      const stored = await reading(tableName, context.region, () => store.getIncident(id));
      if (stored === undefined) throw new UsageError(`incident ${oneLineSafe(id)} was not found in table ${tableName}`);
      const listing = listingOf(stored.state);
      if (json) printJson(io, { table: tableName, incident: listing, report: stored.report ?? null });
      else io.stdout(`${renderDetail(listing, stored.report)}\n`);
      return isOpenProblem(listing) ? 1 : 0;
    }

    const states = await reading(tableName, context.region, () =>
      store.listIncidents({ ...(status === 'all' ? {} : { status }), limit }),
    );
    const listings = states.map(listingOf);
    const openProblems = listings.filter(isOpenProblem).length;
    if (json) {
      printJson(io, { table: tableName, status, limit, openProblems, incidents: listings });
    } else if (listings.length === 0) {
      io.stdout(`No ${status === 'all' ? '' : `${status} `}incidents in table ${tableName}.\n`);
    } else {
      const open = listings.filter((l) => l.status === 'open').length;
      io.stdout(
        `${listings.length} incident(s) in table ${tableName}, newest first${listings.length === limit ? ` (first ${limit}; --limit shows more)` : ''}: ${open} open, ${openProblems} above info.\n\n`,
      );
      io.stdout(`${listings.map((l) => renderListing(l).join('\n')).join('\n\n')}\n\n`);
      io.stdout('Details: replication-doctor incidents --id <incidentId>\n');
    }
    return openProblems > 0 ? 1 : 0;
  },
};
