/**
 * The auditor's run: audit → compare with the previous run → at most ONE `audit` alert, only when findings changed →
 * save the findings for the next run. The alert is published before the state is saved, so a failed publish is
 * retried by the next invocation rather than lost.
 */
import { changedFindings, hasChanges } from '../core/audit/changes.js';
import type { AuditStateStore } from '../core/audit/ports.js';
import { renderAuditAlert } from '../core/audit/render.js';
import type { AuditReport } from '../core/audit/report.js';
import { auditStateOf } from '../core/audit/state.js';
import type { SeverityCounts } from '../core/audit/types.js';
import { oneLine } from '../core/errors.js';
import type { Alerter } from '../responder/ports.js';
import type { AuditMetrics, AuditorLogger } from './observability.js';

/** What one run returns (the Lambda's result). */
export interface AuditSummary {
  /** Buckets audited: configured source buckets and the account's other replicating buckets. */
  readonly buckets: number;
  readonly rulesChecked: number;
  /** Open findings by severity. */
  readonly findings: SeverityCounts;
  /** Findings new since the previous run. */
  readonly opened: number;
  /** Findings of the previous run that are gone. */
  readonly resolved: number;
  readonly alertPublished: boolean;
}

export interface AuditorDeps {
  /** Runs one audit; `failureKeys` are keys seen in failure events, per source bucket. */
  readonly audit: (run: {
    readonly at: string;
    readonly failureKeys?: ReadonlyMap<string, readonly string[]>;
  }) => Promise<AuditReport>;
  readonly state: AuditStateStore;
  readonly alerter: Alerter;
  /** Keys seen in failure events (from the incident store), when available. */
  readonly failureKeys?: () => Promise<ReadonlyMap<string, readonly string[]>>;
  readonly clock: () => Date;
  readonly logger: AuditorLogger;
  readonly metrics: AuditMetrics;
}

export type Auditor = () => Promise<AuditSummary>;

/** Creates the auditor's run function; its dependencies are created once by the handler. */
export function createAuditor(deps: AuditorDeps): Auditor {
  const { logger } = deps;

  const failureKeys = async (): Promise<ReadonlyMap<string, readonly string[]> | undefined> => {
    if (deps.failureKeys === undefined) return undefined;
    try {
      return await deps.failureKeys();
    } catch (error) {
      // Optional input: without it the audit only skips the prefix-case comparison.
      logger.warn('could not read failure keys from the incident store', { error: oneLine(error) });
      return undefined;
    }
  };

  return async () => {
    const at = deps.clock().toISOString();
    try {
      const keys = await failureKeys();
      const report = await deps.audit({ at, ...(keys !== undefined ? { failureKeys: keys } : {}) });
      const previous = await deps.state.load();
      if (previous?.truncated) {
        logger.warn('the previous audit state was truncated: some findings may be reported as new again', {
          kept: previous.findings.length,
          total: previous.total,
        });
      }
      const changes = changedFindings(previous?.findings ?? [], report.findings);
      let alertPublished = false;
      if (hasChanges(changes)) {
        const alert = renderAuditAlert(changes, report.findings, {
          at,
          ...(report.region !== undefined ? { region: report.region } : {}),
          ...(report.accountId !== undefined ? { accountId: report.accountId } : {}),
          buckets: report.buckets.length,
          rulesChecked: report.rulesChecked,
        });
        await deps.alerter.publish(alert);
        alertPublished = true;
      }
      await deps.state.save(auditStateOf(report.findings, at));
      deps.metrics.record({ findings: report.summary, alertPublished });
      const summary: AuditSummary = {
        buckets: report.buckets.length,
        rulesChecked: report.rulesChecked,
        findings: report.summary,
        opened: changes.opened.length,
        resolved: changes.resolved.length,
        alertPublished,
      };
      logger.info('audit finished', { ...summary, changed: changes.changed.length, firstRun: previous === undefined });
      return summary;
    } catch (error) {
      logger.error('audit failed', { error: oneLine(error), errorName: error instanceof Error ? error.name : 'Error' });
      throw error;
    } finally {
      deps.metrics.flush();
    }
  };
}
