import { RUN_TAG } from './run-snapshot';

/**
 * Deterministic names: a step resumed after a crash, or re-run on another instance,
 * asks ARM for the same names and so finds (and adopts) what an earlier attempt made.
 */
export const nicName = (vm: string) => `${vm}-dr`;
export const publicIpName = (vm: string) => `${vm}-dr-pip`;
export const diskName = (vm: string, role: string) => `${vm}-dr-${role === 'os' ? 'osdisk' : role}`;

/**
 * A test run builds into a resource group of its own, named after the run: nothing it
 * makes can collide with production, and cleanup never has to guess what is whose.
 */
export function testResourceGroup(targetGroup: string, runId: string): string {
  const suffix = `-test-${runId.replace(/-/g, '').slice(0, 8)}`;
  return `${targetGroup.slice(0, 90 - suffix.length).replace(/\.+$/, '')}${suffix}`;
}

/** Every resource a run makes carries these, so it can be found (and only it removed) later. */
export function runTags(
  run: { id: string; planId: string; kind: string },
  pairId?: string,
): Record<string, string> {
  return {
    [RUN_TAG]: run.id,
    'twinsite-plan': run.planId,
    'twinsite-run-kind': run.kind,
    ...(pairId ? { 'twinsite-pair': pairId } : {}),
  };
}
