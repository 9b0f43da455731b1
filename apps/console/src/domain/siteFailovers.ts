import type { SiteFailover, SiteFailoverAction, SiteFailoverPlanRun, SiteFinding } from '../api/types';
import { readPreflight, type PreflightSummary } from './preflight';
import { runIsBusy } from './runs';

/** States in which the controller is still working on the site failover. */
const SITE_BUSY: readonly string[] = ['running', 'cancelling', 'cleaning-up', 'committing'];

export const siteFailoverIsBusy = (state: string) => SITE_BUSY.includes(state);

/** Plans whose run is being worked on now: only these are followed step by step (at most the in-flight limit). */
export const planIsInFlight = (run: SiteFailoverPlanRun) => run.runId !== null && runIsBusy(run.state);

const ORDER: readonly SiteFailoverAction[] = ['retry', 'cleanup', 'commit', 'cancel'];

/** The actions the controller allows now, in the order an operator weighs them. */
export function siteActions(sf: Pick<SiteFailover, 'allowedActions'>): SiteFailoverAction[] {
  const allowed = Array.isArray(sf.allowedActions) ? sf.allowedActions : [];
  return ORDER.filter((a) => allowed.includes(a));
}

export const SITE_ACTION_LABEL: Record<SiteFailoverAction, string> = {
  retry: 'Retry failed plans',
  cleanup: 'Clean up the drill',
  commit: 'Commit every plan',
  cancel: 'Cancel site failover',
};

/** Said in the confirmation dialog: these act on every plan of the site at once. */
export const SITE_ACTION_EXPLANATION: Record<SiteFailoverAction, string> = {
  retry:
    'Runs every failed plan again from its failed step; plans that could not start go back in the queue. Plans that came up are not touched.',
  cleanup:
    'Deletes the test VMs and test networks of every plan of this drill at the target site. Production is not touched.',
  commit:
    'Makes the failover permanent for every plan that failed over: the secondary site becomes their primary.',
  cancel:
    'Stops every plan still queued or running. Plans that already failed over stay where they are; nothing is undone automatically.',
};

/** "3 of 10 plans failed over · 2 in flight · 5 queued · 1 failed": the queue in one line. */
export function queueSummary(sf: Pick<SiteFailover, 'summary'>): string {
  const s = sf.summary;
  const parts = [`${s.failedOver} of ${s.plans} plan${s.plans === 1 ? '' : 's'} failed over`];
  if (s.inFlight) parts.push(`${s.inFlight} in flight`);
  if (s.queued) parts.push(`${s.queued} queued`);
  if (s.failed) parts.push(`${s.failed} failed`);
  if (s.cancelled) parts.push(`${s.cancelled} cancelled`);
  return parts.join(' · ');
}

export const VERDICT_LABEL: Record<string, string> = {
  ready: 'Ready',
  'at-risk': 'At risk',
  'not-protected': 'Not protected',
};

/**
 * Findings of a site's combined preflight, each naming its plan: with many plans,
 * "quota exceeded" alone says nothing. `ok` is the controller's verdict when it gave one.
 */
export function readSiteFindings(
  findings: readonly SiteFinding[] | undefined,
  ok?: boolean,
): PreflightSummary {
  return readPreflight({
    ...(ok === undefined ? {} : { ok }),
    findings: (findings ?? []).map((f) => ({
      ...f,
      message: f.planName ? `${f.planName}: ${f.message}` : f.message,
    })),
  });
}
