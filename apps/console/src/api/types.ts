/** The resources of the HTTP API, as the console reads them (camelCase JSON). */

export type Role = 'viewer' | 'operator' | 'admin';

export interface Self {
  id: string;
  name: string;
  role: Role | 'agent';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Site {
  id: string;
  name: string;
  armEndpoint: string;
  location: string;
  subscriptionId: string;
  tenantId: string;
  clientId?: string;
  apiProfile: string;
}

export interface ProviderMismatch {
  resourceType: string;
  wanted: string;
  offered: string[];
  problem: string;
}

export interface SiteProbe {
  siteId: string;
  reachable: boolean;
  authenticated: boolean;
  endpoints?: { loginEndpoint: string; audience: string };
  providerMismatches?: ProviderMismatch[];
  latencyMs?: number;
  error?: { code: string; message: string };
}

export interface SiteInventory {
  siteId: string;
  collectedAt: string;
  vms: Array<{
    id: string;
    name: string;
    resourceGroup: string;
    size: string;
    powerState: string;
    privateIps?: string[];
  }>;
  vnets: unknown[];
  nsgs: unknown[];
  publicIps: unknown[];
  loadBalancers: unknown[];
}

export type Protection = 'replication' | 'backup-restore' | 'high-availability' | 'none';

export interface Application {
  id: string;
  name: string;
  owner: string;
  tier: number;
  rpoSeconds: number;
  rtoSeconds: number;
  protection: Protection;
  optIn: boolean;
  description?: string | null;
  version?: number;
}

export type PairState = 'initial' | 'protected' | 'lagging' | 'failing' | 'failed-over' | 'paused';

export interface Pair {
  id: string;
  name: string;
  applicationId: string;
  sourceSiteId: string;
  targetSiteId: string;
  sourceResourceId: string;
  lagSource: { kind: string };
  state: PairState | string;
  lagSeconds: number | null;
  lastRecoveryPointAt: string | null;
  sampleIntervalSeconds: number;
}

export interface NetworkMapping {
  id: string;
  name: string;
  sourceSiteId: string;
  targetSiteId: string;
  sourceSubnetId: string;
  targetSubnetId: string;
  testSubnetId?: string | null;
}

export type StepKind =
  | 'manual-approval'
  | 'webhook'
  | 'database-promote'
  | 'dns-update'
  | 'health-check'
  | 'wait';

export interface PlanStep {
  kind: StepKind | string;
  message?: string;
  url?: string;
  timeoutSeconds?: number;
  retries?: number;
  pairId?: string;
  recordName?: string;
  ttlSeconds?: number;
  protocol?: string;
  target?: string;
  port?: number;
  path?: string;
  seconds?: number;
}

export interface PlanGroup {
  name: string;
  pairIds: string[];
  before: PlanStep[];
  after: PlanStep[];
}

export interface Plan {
  id: string;
  name: string;
  applicationId: string;
  description?: string | null;
  sourceSiteId?: string | null;
  targetSiteId?: string | null;
  groups: PlanGroup[];
}

export type AlertKind = 'rpo-warning' | 'rpo-breach' | 'lag-source-failing' | 'site-unreachable';
export type AlertState = 'open' | 'acknowledged' | 'resolved';

export interface Alert {
  id: string;
  kind: AlertKind | string;
  state: AlertState;
  pairId?: string | null;
  applicationId?: string | null;
  siteId?: string | null;
  openedAt: string;
  resolvedAt?: string | null;
  acknowledgedBy?: string | null;
  note?: string | null;
}

export type RunKind = 'test' | 'planned' | 'unplanned';

export interface RunStep {
  id: string;
  name: string;
  state: string;
  kind?: string;
  approvedBy?: string | null;
  skipReason?: string | null;
  skippedBy?: string | null;
  attempts?: number;
  group?: string | null;
  startedAt?: string | null;
  endedAt?: string | null;
  error?: string | { code?: string; message: string } | null;
}

export interface FailoverRun {
  id: string;
  planId: string;
  /** The plan's name when the run started. */
  planName?: string;
  /** The operator actions the state machine allows now, as the controller computed them. */
  allowedActions?: string[];
  kind: RunKind;
  state: string;
  /** True while the run holds its plan (another run of the plan cannot start). */
  active?: boolean;
  steps: RunStep[];
  recoveryPointAt?: string | null;
  achievedRpoSeconds?: number | null;
  achievedRtoSeconds?: number | null;
  createdAt?: string;
  startedAt?: string | null;
  endedAt?: string | null;
}

export interface PreflightFinding {
  severity: 'error' | 'warning' | 'info';
  message: string;
  code?: string;
  pairId?: string;
}

/** One point of a pair's lag history: a sample, or (over long windows) a bucket's average and maximum. */
export interface LagPoint {
  at: string;
  lagSeconds: number | null;
  maxLagSeconds?: number | null;
}

export interface LagHistory {
  pairId?: string;
  rpoSeconds?: number | null;
  /** `raw`: one point per sample; `minute`/`hour`: rollups merged into buckets of `bucketSeconds`. */
  resolution?: 'raw' | 'minute' | 'hour' | string;
  bucketSeconds?: number | null;
  points: LagPoint[];
}

export interface AuditEntry {
  id: string;
  at: string;
  actorName: string;
  actorRole: string;
  action: string;
  resourceType: string;
  resourceId: string | null;
  change: Record<string, unknown> | null;
}

export interface ApiToken {
  id: string;
  name: string;
  role: string;
  prefix: string;
  pairId?: string | null;
  createdBy?: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface IssuedToken extends ApiToken {
  token: string;
}

/** A finding of the combined preflight of a site failover (all plans together). */
export interface SiteFinding extends PreflightFinding {
  severity: 'error' | 'warning';
  code: string;
  planId?: string;
  planName?: string;
  applicationId?: string;
}

/** An application at the site that a site failover leaves where it is, and why. */
export interface NotFailedOver {
  applicationId: string;
  name: string;
  protection: Protection;
  optIn: boolean;
  reason: string;
}

export type ReadinessVerdict = 'ready' | 'at-risk' | 'not-protected';

export interface ReadinessApplication {
  applicationId: string;
  name: string;
  tier: number;
  protection: Protection;
  optIn: boolean;
  rpoSeconds: number;
  rtoSeconds: number;
  verdict: ReadinessVerdict;
  /** Why it is at risk or not protected. */
  reasons: string[];
  warnings: string[];
  wouldFailOver: boolean;
  wouldComeBack: boolean;
  notFailedOverReason: string | null;
  lag: {
    currentSeconds: number | null;
    rpoSeconds: number;
    withinRpo: boolean | null;
    pairs: number;
    unknownPairs: number;
  };
  lastDrill: {
    runId: string;
    planId: string;
    at: string;
    state: string;
    achievedRtoSeconds: number | null;
    rtoSeconds: number;
    metRto: boolean | null;
    cleanupCompleted: boolean;
  } | null;
  plans: Array<{
    planId: string;
    name: string;
    ok: boolean;
    errors: PreflightFinding[];
    warnings: PreflightFinding[];
  }>;
}

/** "If we lost this site now": what would come back, how fast, with how much data lost. */
export interface SiteReadiness {
  siteId: string;
  siteName: string;
  checkedAt: string;
  plansInFlight: number;
  summary: {
    applications: number;
    wouldFailOver: number;
    wouldComeBack: number;
    ready: number;
    atRisk: number;
    notProtected: number;
    plans: number;
    estimatedRtoSeconds: number | null;
    estimatedRto: {
      rtoSeconds: number | null;
      neverDrilledCount: number;
      neverDrilled: string[];
      reason?: string;
    };
    dataLossSeconds: number | null;
    dataLossUnknown: number;
    siteFindings: SiteFinding[];
    siteBlocked: boolean;
  };
  applications: ReadinessApplication[];
}

/** The combined preflight of a site failover, run alone (changes nothing). */
export interface SitePreflight {
  siteId: string;
  siteName: string;
  kind: RunKind;
  plansInFlight: number;
  ok: boolean;
  findings: SiteFinding[];
  plans: Array<{
    position: number;
    planId: string;
    planName: string;
    applicationId: string;
    applicationName: string;
    tier: number;
  }>;
  notFailedOver: NotFailedOver[];
}

/** One plan of a site failover's queue; `state` is its run's once started, else queued/failed/cancelled. */
export interface SiteFailoverPlanRun {
  position: number;
  planId: string;
  planName: string;
  applicationId: string;
  applicationName: string;
  tier: number;
  runId: string | null;
  state: string;
  /** Why the plan failed: the step that failed and the stamp's own error. */
  error: { code?: string; message: string; step?: string } | string | null;
  startedAt: string | null;
  failedOverAt: string | null;
  healthyAt: string | null;
  rpoSeconds: number;
  rtoSeconds: number;
  achievedRpoSeconds: number | null;
  achievedRtoSeconds: number | null;
  queuedSeconds: number | null;
  metRpo: boolean | null;
  metRto: boolean | null;
}

export type SiteFailoverAction = 'cancel' | 'retry' | 'commit' | 'cleanup';

export interface SiteFailover {
  id: string;
  siteId: string;
  siteName: string;
  kind: RunKind;
  state: string;
  phase: string;
  active: boolean;
  plansInFlight: number;
  allowedActions: SiteFailoverAction[];
  requestedBy: string;
  createdAt: string;
  healthyAt: string | null;
  achievedRtoSeconds: number | null;
  endedAt: string | null;
  summary: {
    plans: number;
    queued: number;
    inFlight: number;
    failedOver: number;
    failed: number;
    cancelled: number;
  };
  runs: SiteFailoverPlanRun[];
  applications: Array<{
    applicationId: string;
    name: string;
    tier: number;
    rpoSeconds: number;
    rtoSeconds: number;
    achievedRpoSeconds: number | null;
    achievedRtoSeconds: number | null;
    metRpo: boolean | null;
    metRto: boolean | null;
  }>;
  notFailedOver: NotFailedOver[];
  preflight: { findings: SiteFinding[]; acceptedWarnings: boolean; checkedAt: string };
  actions: Array<{ action: string; by: string; at: string; note?: string }>;
  version: number;
}
