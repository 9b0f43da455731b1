/**
 * Where a failover looks for a pair's recovery points: exactly where its lag is measured.
 * An `arm-snapshot` lag source names a resource group or, without one, counts snapshots
 * anywhere in the target subscription (matched by their source-resource tag); any other
 * lag source says nothing about where the points are, so the whole subscription is read.
 * Reading anywhere else would let the lag look healthy while the failover finds no point.
 * `undefined` means the whole subscription.
 */
export function recoveryPointResourceGroup(
  lagSourceKind: string,
  lagSourceSettings: Readonly<Record<string, unknown>> | null | undefined,
): string | undefined {
  if (lagSourceKind !== 'arm-snapshot') return undefined;
  const group = lagSourceSettings?.resourceGroup;
  return typeof group === 'string' && group !== '' ? group : undefined;
}
