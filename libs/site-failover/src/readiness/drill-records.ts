import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The newest drill (test failover) of a plan, as RecoveryService reports a drill. */
export interface PlanDrill {
  planId: string;
  applicationId: string;
  runId: string;
  at: string;
  state: string;
  achievedRtoSeconds: number | null;
  rtoSeconds: number | null;
  metRto: boolean | null;
  /** As RecoveryService says it: the drill's run reached cleaned-up. */
  cleanupCompleted: boolean;
}

/**
 * The last drill of many plans in one statement. RecoveryService answers one
 * application at a time (two statements each); readiness asks for a whole site, so this
 * reads the failover runs once, read-only, with RecoveryService's own definitions
 * (newest test run; achieved RTO against the RTO the run was made with; cleanup
 * completed = cleaned-up). Should the failover lib grow a batch form of
 * `RecoveryService.forApplication`, this becomes a call to it.
 */
@Injectable()
export class DrillRecords {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async lastDrills(
    applicationIds: readonly string[],
    planIds: readonly string[],
  ): Promise<Map<string, PlanDrill>> {
    if (planIds.length === 0) return new Map();
    const rows: any[] = await this.db.query(
      `SELECT DISTINCT ON (plan_id) plan_id, application_id, id, state, created_at, achieved_rto_seconds,
              (snapshot->'application'->>'rtoSeconds')::int AS rto_seconds
       FROM failover_runs WHERE application_id = ANY($1::uuid[]) AND kind = 'test' AND plan_id = ANY($2::uuid[])
       ORDER BY plan_id, created_at DESC, id DESC`,
      [applicationIds, planIds],
    );
    return new Map(
      rows.map((r) => {
        const rto = r.achieved_rto_seconds === null ? null : Number(r.achieved_rto_seconds);
        const target = r.rto_seconds === null ? null : Number(r.rto_seconds);
        return [
          r.plan_id,
          {
            planId: r.plan_id,
            applicationId: r.application_id,
            runId: r.id,
            at: new Date(r.created_at).toISOString(),
            state: r.state,
            achievedRtoSeconds: rto,
            rtoSeconds: target,
            metRto: rto === null || target === null ? null : rto <= target,
            cleanupCompleted: r.state === 'cleaned-up',
          },
        ];
      }),
    );
  }
}
