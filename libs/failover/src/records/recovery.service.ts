import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationService } from '@twinsite/applications';
import { selectRows } from '../engine/sql';
import { recoveryStats } from './recovery-stats';

/** An application's recovery record: MTTR over its runs and its drill history. */
@Injectable()
export class RecoveryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly applications: ApplicationService,
  ) {}

  async forApplication(applicationId: string) {
    const application = await this.applications.get(applicationId);
    const rows = await selectRows<any>(
      this.db,
      `SELECT id, kind, state, requested_at, achieved_rto_seconds, achieved_rpo_seconds, (snapshot->'application'->>'rtoSeconds')::int AS rto_seconds
       FROM failover_runs WHERE application_id = $1 ORDER BY created_at DESC LIMIT 500`,
      [applicationId],
    );
    const stats = recoveryStats(
      rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        state: r.state,
        at: new Date(r.requested_at),
        achievedRtoSeconds: r.achieved_rto_seconds,
        achievedRpoSeconds: r.achieved_rpo_seconds,
        rtoSeconds: r.rto_seconds ?? application.rtoSeconds,
      })),
    );
    return {
      applicationId,
      rtoSeconds: application.rtoSeconds,
      rpoSeconds: application.rpoSeconds,
      ...stats,
    };
  }
}
