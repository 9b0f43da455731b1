/**
 * The failover engine's own preflight rules (pure functions), reused as they are so a
 * readiness answer finds exactly what a start of the plan would: member resolution
 * (mapping, subnet, address, size) and the target checks (sizes, quota, addresses,
 * names, network pieces, recovery points).
 */
export { checkTarget, resolveMember } from '@twinsite/failover';
export type { MappingFacts, TargetFacts } from '@twinsite/failover';
