/** A DNS change a failover asks for: the record now points at the addresses the VMs have at the target. */
export interface DnsChange {
  recordName: string;
  type: 'A';
  ttlSeconds: number;
  addresses: string[];
  runId: string;
  runKind: string;
}

export interface DnsContext {
  /** The step's own spec (URL, secret and whatever a provider needs). */
  spec: Record<string, unknown>;
  secret?: string;
  deliveryId: string;
  signal: AbortSignal;
}

/**
 * Pluggable: a provider is named by a dns-update step's `provider`. Twinsite ships the
 * webhook provider (the operator's own automation does the change); others (an RFC
 * 2136 update, a cloud DNS API) implement this and register under their name.
 */
export interface DnsProvider {
  readonly name: string;
  update(change: DnsChange, context: DnsContext): Promise<{ detail: string }>;
}

export const DNS_PROVIDERS = 'FAILOVER_DNS_PROVIDERS';
