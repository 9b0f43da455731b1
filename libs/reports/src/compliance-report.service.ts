import { Inject, Injectable } from '@nestjs/common';
import { ComplianceResult, computeCompliance } from '@twinsite/core';
import { validationFailed } from '@twinsite/shared';
import {
  ApplicationCompliance,
  applicationCompliance,
  ComplianceReport,
  pairCompliance,
} from './compliance-report';
import { LAG_HISTORY_READER, LagHistoryReader } from './lag-history.reader';
import { ReportInventory, ReportPair } from './report-inventory';

export const DEFAULT_WINDOW_MS = 7 * 86_400_000;
export const MAX_WINDOW_MS = 400 * 86_400_000;
/** Replayed rollup samples are at least this share of the RPO apart (see ReplayOptions). */
const REPLAY_SPACING_SHARE_OF_RPO = 0.05;
/** Pairs whose history is in memory at once. */
const HISTORY_CHUNK = 200;

export interface ComplianceWindow {
  applicationId?: string;
  from?: Date;
  to?: Date;
  /** For tests: the instant coverage stops at (default: now). */
  nowMs?: number;
}

/**
 * RPO compliance per application and pair over a window, from the lag history,
 * with core's `computeCompliance`: the share of time within the RPO, the worst lag,
 * the breaches, and the state at the end of the window.
 */
@Injectable()
export class ComplianceReportService {
  constructor(
    private readonly inventory: ReportInventory,
    @Inject(LAG_HISTORY_READER) private readonly history: LagHistoryReader,
  ) {}

  async rpoCompliance(window: ComplianceWindow = {}): Promise<ComplianceReport> {
    const nowMs = window.nowMs ?? Date.now();
    const to = window.to ?? new Date(nowMs);
    const from = window.from ?? new Date(to.getTime() - DEFAULT_WINDOW_MS);
    checkWindow(from, to);

    const applications = await this.inventory.applicationsFor(window.applicationId);
    const pairs = await this.inventory.pairsFor(window.applicationId);
    const byApplication = new Map<string, ReportPair[]>();
    for (const pair of pairs) {
      // A pair created after the window did not exist in it.
      if (pair.createdAt.getTime() >= to.getTime()) continue;
      const list = byApplication.get(pair.applicationId) ?? [];
      list.push(pair);
      byApplication.set(pair.applicationId, list);
    }

    // History is read and reduced a chunk of pairs at a time: the samples of every pair
    // in the estate over a week would not fit in memory at once, their results do.
    const rpoOf = new Map(applications.map((a) => [a.id, a.rpoSeconds]));
    const included = [...byApplication.entries()]
      .filter(([appId]) => rpoOf.has(appId))
      .flatMap(([, list]) => list);
    const results = new Map<string, ComplianceResult>();
    for (let i = 0; i < included.length; i += HISTORY_CHUNK) {
      const chunk = included.slice(i, i + HISTORY_CHUNK);
      const rpoOfPair = new Map(chunk.map((p) => [p.id, rpoOf.get(p.applicationId)!]));
      const samples = await this.history.samples(
        chunk.map((p) => p.id),
        from,
        to,
        { minSpacingMs: (pairId) => rpoOfPair.get(pairId)! * 1000 * REPLAY_SPACING_SHARE_OF_RPO },
      );
      for (const pair of chunk) {
        results.set(
          pair.id,
          computeCompliance({
            samples: samples.get(pair.id) ?? [],
            rpoSeconds: rpoOfPair.get(pair.id)!,
            fromMs: from.getTime(),
            toMs: to.getTime(),
            createdAtMs: pair.createdAt.getTime(),
            nowMs,
          }),
        );
      }
    }

    const report: ApplicationCompliance[] = [];
    for (const application of applications.sort((a, b) => a.name.localeCompare(b.name))) {
      const appPairs = (byApplication.get(application.id) ?? []).sort(
        (a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id),
      );
      report.push(
        applicationCompliance(
          application,
          appPairs.map((pair) => {
            const result = results.get(pair.id)!;
            return { result, view: pairCompliance(pair, result, application.rpoSeconds) };
          }),
        ),
      );
    }
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      generatedAt: new Date(nowMs).toISOString(),
      applications: report,
    };
  }
}

function checkWindow(from: Date, to: Date): void {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw validationFailed([
      { field: 'from', rule: 'isISO8601', message: 'from and to must be ISO 8601 times' },
    ]);
  }
  if (from.getTime() >= to.getTime()) {
    throw validationFailed([{ field: 'from', rule: 'before-to', message: 'from must be before to' }]);
  }
  if (to.getTime() - from.getTime() > MAX_WINDOW_MS) {
    throw validationFailed([
      { field: 'from', rule: 'max-window', message: 'the window may be at most 400 days long' },
    ]);
  }
}
