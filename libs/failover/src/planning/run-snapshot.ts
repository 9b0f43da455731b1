import type { OsType, PlanStep, RunKind } from '@twinsite/core';

/** One thing preflight found, stated plainly. Errors block a start; warnings must be accepted. */
export interface Finding {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  pairId?: string;
}

/**
 * How one pair comes up at the target, fully resolved when the run starts (pair,
 * mapping, sizes and addresses), so that editing the plan, the pair or the mapping
 * mid-run changes nothing for the run.
 */
export interface MemberPlan {
  pairId: string;
  pairName: string;
  mode: 'from-recovery-point' | 'standby';
  sourceVmId: string;
  vmName: string;
  /** Where the VM is built at the target (a test run has a resource group of its own). */
  resourceGroup: string;
  size?: string;
  osType: OsType;
  subnetId?: string;
  /** null: dynamic */
  privateIp: string | null;
  nsgId: string | null;
  publicIp: boolean;
  backendPoolIds: string[];
  standbyVmId?: string;
  /** Where the recovery-point snapshots are listed (undefined: the whole subscription). */
  recoveryPointGroup?: string;
  /** The recovery point preflight saw, for display; the step chooses (and records) the one it uses. */
  expectedRecoveryPointAt?: string;
}

/** A plan step as the run keeps it: the secret, if any, sealed. */
export type SnapshotStep = PlanStep & { secretSealed?: string };

export interface SnapshotGroup {
  name: string;
  pairIds: string[];
  before: SnapshotStep[];
  after: SnapshotStep[];
}

export interface RunSnapshot {
  plan: { id: string; name: string; version: number };
  application: { id: string; name: string; rpoSeconds: number; rtoSeconds: number };
  sourceSite: { id: string; name: string };
  targetSite: { id: string; name: string };
  groups: SnapshotGroup[];
  members: Record<string, MemberPlan>;
}

/** What a run asks for, as the API takes it. */
export type RecoveryPointRequest = 'latest' | string;

export interface RunHeader {
  id: string;
  planId: string;
  kind: RunKind;
}

export const RUN_TAG = 'twinsite-run';
