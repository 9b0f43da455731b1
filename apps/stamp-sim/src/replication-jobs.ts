import { randomUUID } from 'node:crypto';
import { DISK, SNAPSHOT, VM } from './routes/compute-disks';
import { snapshotKind, storeRecoveryPointSnapshot } from './routes/compute-snapshots';
import { removeNow } from './routes/resource-crud';
import { Stamp } from './stamp';
import { Json, StoredResource } from './stamp-state';

// The simulator plays the replication engine that `arm-snapshot` lag sources observe:
// every interval a job copies each disk of a VM into a snapshot at the other stamp,
// tagged with the recovery point. While the source stamp or the link between the stamps
// is down it writes nothing, so lag grows for the reasons it grows in real life.

export const TAG_SOURCE_RESOURCE = 'twinsite-source-resource';
export const TAG_SOURCE_DISK = 'twinsite-source-disk';
export const TAG_RECOVERY_POINT = 'twinsite-recovery-point';
export const TAG_DISK_ROLE = 'twinsite-disk-role';
export const TAG_JOB = 'twinsite-replication-job';

export interface ReplicationJobInput {
  sourceVmId?: unknown;
  targetStamp?: unknown;
  intervalSeconds?: unknown;
  targetResourceGroup?: unknown;
  keep?: unknown;
}

export interface ReplicationJob {
  id: string;
  sourceStamp: string;
  sourceVmId: string;
  targetStamp: string;
  targetResourceGroup: string;
  intervalSeconds: number;
  keep: number;
  createdAt: string;
  runs: number;
  skipped: number;
  lastRunAt?: string;
  lastRecoveryPointAt?: string;
  lastSkipReason?: string;
  lastSnapshots: string[];
}

export type RunOutcome = { written: string[]; recoveryPoint: string } | { skipped: string };

export class ReplicationJobError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface StampDirectory {
  stamp(name: string): Stamp | undefined;
}

function compactTime(iso: string): string {
  return iso.replace(/[-:]/g, '').replace('.', '').replace('Z', 'z');
}

export class ReplicationJobs {
  private readonly jobs = new Map<string, ReplicationJob>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly directory: StampDirectory) {}

  create(source: Stamp, input: ReplicationJobInput): ReplicationJob {
    const sourceVmId = input.sourceVmId;
    if (typeof sourceVmId !== 'string' || !sourceVmId)
      throw new ReplicationJobError(400, 'sourceVmId is required');
    const vm = source.state.getTyped(VM, sourceVmId);
    if (!vm) throw new ReplicationJobError(404, `VM ${sourceVmId} does not exist at ${source.name}`);
    const target =
      typeof input.targetStamp === 'string' ? this.directory.stamp(input.targetStamp) : undefined;
    if (!target)
      throw new ReplicationJobError(
        400,
        `targetStamp '${String(input.targetStamp)}' is not a simulated stamp`,
      );
    if (target === source) throw new ReplicationJobError(400, 'targetStamp must be the other stamp');
    const intervalSeconds = input.intervalSeconds === undefined ? 60 : Number(input.intervalSeconds);
    if (!Number.isFinite(intervalSeconds) || intervalSeconds < 0.1) {
      throw new ReplicationJobError(400, 'intervalSeconds must be a number >= 0.1');
    }
    const keep = input.keep === undefined ? 3 : Number(input.keep);
    if (!Number.isInteger(keep) || keep < 1)
      throw new ReplicationJobError(400, 'keep must be an integer >= 1');
    const job: ReplicationJob = {
      id: randomUUID(),
      sourceStamp: source.name,
      sourceVmId: vm.id,
      targetStamp: target.name,
      targetResourceGroup:
        typeof input.targetResourceGroup === 'string' ? input.targetResourceGroup : 'twinsite-replica',
      intervalSeconds,
      keep,
      createdAt: new Date().toISOString(),
      runs: 0,
      skipped: 0,
      lastSnapshots: [],
    };
    this.jobs.set(job.id, job);
    // The initial replication: the pair has a recovery point as soon as it is protected.
    this.run(job.id);
    const timer = setInterval(() => this.run(job.id), intervalSeconds * 1000);
    timer.unref();
    this.timers.set(job.id, timer);
    return job;
  }

  list(stampName?: string): ReplicationJob[] {
    const all = [...this.jobs.values()];
    if (!stampName) return all;
    const lower = stampName.toLowerCase();
    return all.filter((j) => j.sourceStamp.toLowerCase() === lower || j.targetStamp.toLowerCase() === lower);
  }

  get(id: string): ReplicationJob | undefined {
    return this.jobs.get(id);
  }

  remove(id: string): boolean {
    const timer = this.timers.get(id);
    if (timer) clearInterval(timer);
    this.timers.delete(id);
    return this.jobs.delete(id);
  }

  removeForSource(stampName: string): void {
    for (const job of this.list()) if (job.sourceStamp === stampName) this.remove(job.id);
  }

  stopAll(): void {
    for (const id of [...this.jobs.keys()]) this.remove(id);
  }

  run(id: string): RunOutcome {
    const job = this.jobs.get(id);
    if (!job) return { skipped: 'job-removed' };
    const outcome = this.replicate(job);
    job.lastRunAt = new Date().toISOString();
    if ('skipped' in outcome) {
      job.skipped++;
      job.lastSkipReason = outcome.skipped;
    } else {
      job.runs++;
      job.lastRecoveryPointAt = outcome.recoveryPoint;
      job.lastSnapshots = outcome.written;
      delete job.lastSkipReason;
    }
    return outcome;
  }

  private replicate(job: ReplicationJob): RunOutcome {
    const source = this.directory.stamp(job.sourceStamp);
    const target = this.directory.stamp(job.targetStamp);
    if (!source || !target) return { skipped: 'stamp-missing' };
    if (source.isDown()) return { skipped: 'source-down' };
    if (source.faults.linkDown || target.faults.linkDown) return { skipped: 'link-down' };
    if (target.isDown()) return { skipped: 'target-down' };
    const vm = source.state.getTyped(VM, job.sourceVmId);
    if (!vm) return { skipped: 'source-vm-missing' };

    // The target stamp writes the snapshot, so its clock (and any skew) stamps the point.
    const recoveryPoint = target.nowIso();
    if (!target.state.resourceGroup(job.targetResourceGroup)) {
      target.state.putResourceGroup(job.targetResourceGroup, target.location, {
        'twinsite-managed-by': 'stamp-sim',
      });
    }
    const plan = vm.internal.plan as { os: { id: string }; data: Array<{ id: string; lun?: number }> };
    const disks: Array<{ id: string; role: string }> = [
      { id: plan.os.id, role: 'os' },
      ...plan.data.map((d) => ({ id: d.id, role: `data-${d.lun}` })),
    ];
    const written: string[] = [];
    for (const { id, role } of disks) {
      const disk = source.state.getTyped(DISK, id);
      if (!disk) continue;
      const name = this.uniqueName(
        target,
        job.targetResourceGroup,
        `${vm.name}-${role}-${compactTime(recoveryPoint)}`,
      );
      const snapshot = storeRecoveryPointSnapshot(target, {
        resourceGroup: target.state.resourceGroup(job.targetResourceGroup)!.name,
        name,
        sourceDiskId: disk.id,
        sourceUniqueId: disk.properties.uniqueId,
        diskSizeGB: disk.properties.diskSizeGB,
        osType:
          role === 'os' ? (disk.properties.osType ?? vm.properties.storageProfile.osDisk.osType) : undefined,
        skuName: disk.sku?.name,
        tags: {
          [TAG_SOURCE_RESOURCE]: vm.id.toLowerCase(),
          [TAG_SOURCE_DISK]: disk.id.toLowerCase(),
          [TAG_RECOVERY_POINT]: recoveryPoint,
          [TAG_DISK_ROLE]: role,
          [TAG_JOB]: job.id,
        },
      });
      written.push(snapshot.id);
      this.prune(target, job, disk.id.toLowerCase());
    }
    return { written, recoveryPoint };
  }

  private uniqueName(stamp: Stamp, rg: string, base: string): string {
    let name = base;
    for (
      let i = 1;
      stamp.state.list(SNAPSHOT, rg).some((s) => s.name.toLowerCase() === name.toLowerCase());
      i++
    ) {
      name = `${base}-${i}`;
    }
    return name;
  }

  /** Keeps the newest `keep` recovery points of one source disk. */
  private prune(target: Stamp, job: ReplicationJob, sourceDiskKey: string): void {
    const points = target.state
      .list(SNAPSHOT, job.targetResourceGroup)
      .filter((s) => s.tags[TAG_SOURCE_DISK] === sourceDiskKey)
      .sort((a, b) => recoveryPointOf(b).localeCompare(recoveryPointOf(a)));
    for (const old of points.slice(job.keep)) removeNow(target, snapshotKind, old);
  }
}

function recoveryPointOf(snapshot: StoredResource): string {
  return snapshot.tags[TAG_RECOVERY_POINT] ?? (snapshot.properties as Json).timeCreated ?? '';
}
