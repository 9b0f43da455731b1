import type { SiteFailoverEntity, SiteFailoverPlanEntity } from '../site-failover.entity';
import { allowedSiteActions, EntryView } from '../domain/site-state';

const seconds = (from: Date | null, to: Date | null) =>
  from && to ? Math.max(0, (to.getTime() - from.getTime()) / 1000) : null;

export function entryView(e: SiteFailoverPlanEntity): EntryView {
  return { status: e.status, runState: e.runState, failedOver: e.failedOverAt !== null };
}

/** What the API shows of one plan in the queue: `state` is the run's once it started. */
export function entryState(e: SiteFailoverPlanEntity): string {
  if (e.status === 'started') return e.runState ?? 'running';
  if (e.status === 'start-failed') return 'failed';
  return e.status;
}

export function toPlanRunResponse(sf: SiteFailoverEntity, e: SiteFailoverPlanEntity) {
  const healthy = e.healthyAt ?? e.failedOverAt;
  const achievedRto = seconds(sf.createdAt, healthy);
  return {
    position: e.position,
    planId: e.planId,
    planName: e.planName,
    applicationId: e.applicationId,
    applicationName: e.applicationName,
    tier: e.tier,
    runId: e.runId,
    state: entryState(e),
    error: e.error,
    startedAt: e.startedAt,
    failedOverAt: e.failedOverAt,
    healthyAt: e.healthyAt,
    recoveryPointAt: e.recoveryPointAt,
    rpoSeconds: e.rpoSeconds,
    rtoSeconds: e.rtoSeconds,
    /** Data-loss window of the plan's run (its start minus the recovery point used). */
    achievedRpoSeconds: e.achievedRpoSeconds,
    /** From the press of the site failover to this plan healthy: the outage its application saw. */
    achievedRtoSeconds: achievedRto,
    /** From the start of the plan's own run to healthy. */
    runAchievedRtoSeconds: e.runAchievedRtoSeconds,
    /** How long the plan waited in the queue for a slot. */
    queuedSeconds: seconds(sf.createdAt, e.startedAt),
    metRpo: e.achievedRpoSeconds === null ? null : e.achievedRpoSeconds <= e.rpoSeconds,
    metRto: achievedRto === null ? null : achievedRto <= e.rtoSeconds,
  };
}

/** Per application: its worst plan (an application with two plans at the site is back when both are). */
function applicationsOf(runs: ReturnType<typeof toPlanRunResponse>[]) {
  const byApp = new Map<string, ReturnType<typeof toPlanRunResponse>[]>();
  for (const r of runs) byApp.set(r.applicationId, [...(byApp.get(r.applicationId) ?? []), r]);
  return [...byApp.values()].map((rs) => {
    const first = rs[0];
    const allUp = rs.every((r) => r.achievedRtoSeconds !== null);
    const rpos = rs.map((r) => r.achievedRpoSeconds);
    const rpo = rpos.every((x) => x !== null) ? Math.max(...(rpos as number[])) : null;
    const rto = allUp ? Math.max(...rs.map((r) => r.achievedRtoSeconds as number)) : null;
    return {
      applicationId: first.applicationId,
      name: first.applicationName,
      tier: first.tier,
      planIds: rs.map((r) => r.planId),
      rpoSeconds: first.rpoSeconds,
      rtoSeconds: first.rtoSeconds,
      achievedRpoSeconds: rpo,
      achievedRtoSeconds: rto,
      metRpo: rpo === null ? null : rpo <= first.rpoSeconds,
      metRto: rto === null ? null : rto <= first.rtoSeconds,
    };
  });
}

/** A site failover as the API shows it; `runs` is the plan queue in tier order (the CLI's `--watch` follows it). */
export function toSiteFailoverResponse(sf: SiteFailoverEntity, entries: SiteFailoverPlanEntity[]) {
  const sorted = [...entries].sort((a, b) => a.position - b.position);
  const runs = sorted.map((e) => toPlanRunResponse(sf, e));
  const count = (pred: (r: (typeof runs)[number]) => boolean) => runs.filter(pred).length;
  const startedTimes = sorted.map((e) => e.startedAt?.getTime()).filter((t): t is number => t !== undefined);
  return {
    id: sf.id,
    siteId: sf.siteId,
    siteName: sf.siteName,
    kind: sf.kind,
    state: sf.state,
    phase: sf.phase,
    active: sf.active,
    plansInFlight: sf.plansInFlight,
    allowedActions: allowedSiteActions(sf.kind, sf.state, sorted.map(entryView)),
    requestedBy: sf.requestedBy,
    createdAt: sf.createdAt,
    startedAt: sf.createdAt,
    firstPlanStartedAt: startedTimes.length ? new Date(Math.min(...startedTimes)) : null,
    healthyAt: sf.healthyAt,
    /** From the press to the last plan healthy. */
    achievedRtoSeconds: sf.achievedRtoSeconds,
    endedAt: sf.endedAt,
    summary: {
      plans: runs.length,
      queued: count((r) => r.state === 'queued'),
      inFlight: count((r) =>
        ['pending', 'preflight', 'running', 'waiting-for-approval', 'cancelling'].includes(r.state),
      ),
      failedOver: count((r) => r.failedOverAt !== null),
      failed: count((r) => /(^|-)failed$/.test(r.state)),
      cancelled: count((r) => r.state === 'cancelled'),
    },
    runs,
    applications: applicationsOf(runs),
    notFailedOver: sf.notFailedOver,
    preflight: sf.preflight,
    actions: sf.actions.map(({ tokenId: _tokenId, role: _role, ...a }) => a),
    updatedAt: sf.updatedAt,
    version: sf.version,
  };
}

export type SiteFailoverResponse = ReturnType<typeof toSiteFailoverResponse>;
