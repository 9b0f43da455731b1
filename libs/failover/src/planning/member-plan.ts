import {
  parseArmResourceId,
  recoveryPointResourceGroup,
  RunKind,
  sameArmResourceId,
  VmInfo,
  VnetInfo,
} from '@twinsite/core';
import { cidrContains } from './ipv4';
import { testResourceGroup } from './names';
import { Finding, MemberPlan } from './run-snapshot';

/** What member resolution needs of a pair (a subset of the pair entity). */
export interface PairFacts {
  id: string;
  name: string;
  sourceResourceId: string;
  target: {
    resourceGroup: string;
    vmSize?: string;
    staticIp?: string;
    name?: string;
    mode: 'from-recovery-point' | 'standby';
    standbyVmId?: string;
  };
  lagSourceKind: string;
  lagSourceSettings: Record<string, unknown>;
}

/** What it needs of a network mapping. */
export interface MappingFacts {
  id: string;
  name: string;
  sourceSubnetId: string;
  targetSubnetId: string;
  testSubnetId: string;
  staticIps: Array<{ sourceIp: string; targetIp: string }>;
  ipMode: 'keep' | 'map' | 'dynamic';
  nsgs: Array<{ sourceNsgId: string; targetNsgId: string; testNsgId?: string }>;
  loadBalancers: Array<{ sourceBackendPoolId: string; targetBackendPoolId: string }>;
  publicIp: boolean;
}

export interface MemberInput {
  kind: RunKind;
  runId: string;
  pair: PairFacts;
  mappings: readonly MappingFacts[];
  /** The source VM as the source site shows it; undefined when the source was not (or could not be) asked. */
  sourceVm?: VmInfo | null;
  sourceVnets?: readonly VnetInfo[];
  /** undefined when the target could not be read (preflight says so once, not per subnet). */
  targetVnets?: readonly VnetInfo[];
}

const finding = (severity: Finding['severity'], code: string, message: string, pairId: string): Finding => ({
  severity,
  code,
  message,
  pairId,
});

function subnetOfIp(vnets: readonly VnetInfo[], ip: string) {
  for (const vnet of vnets)
    for (const subnet of vnet.subnets) if (cidrContains(subnet.addressPrefix, ip)) return subnet;
  return undefined;
}

function findSubnet(vnets: readonly VnetInfo[], id: string) {
  for (const vnet of vnets)
    for (const subnet of vnet.subnets) if (sameArmResourceId(subnet.id, id)) return subnet;
  return undefined;
}

/**
 * Which mapping applies to the pair. With the source at hand: the one of the
 * subnet its primary NIC is in. Without it (an unplanned failover never calls the
 * source): the one whose target subnet holds the pair's static IP, or the only one.
 */
function chooseMapping(
  input: MemberInput,
  findings: Finding[],
): { mapping?: MappingFacts; sourceIp?: string; sourceNsgId?: string } {
  const { pair, mappings, sourceVm } = input;
  if (sourceVm) {
    const sourceVnets = input.sourceVnets ?? [];
    const subnets = sourceVm.privateIps.map((ip) => ({ ip, subnet: subnetOfIp(sourceVnets, ip) }));
    let primary: { mapping?: MappingFacts; sourceIp?: string; sourceNsgId?: string } = {};
    subnets.forEach(({ ip, subnet }, i) => {
      const mapping = subnet
        ? mappings.find((m) => sameArmResourceId(m.sourceSubnetId, subnet.id))
        : undefined;
      if (!mapping) {
        findings.push(
          finding(
            'error',
            'mapping-missing',
            `${pair.name}: no network mapping covers ${subnet ? `subnet ${subnet.name}` : `the subnet of ${ip}`} (NIC ${i + 1} of the source VM)`,
            pair.id,
          ),
        );
      } else if (i > 0) {
        findings.push(
          finding(
            'warning',
            'extra-nic',
            `${pair.name}: only the primary NIC is failed over; NIC ${i + 1} (${ip}) is not`,
            pair.id,
          ),
        );
      }
      if (i === 0) primary = { mapping, sourceIp: ip, sourceNsgId: subnet?.nsgId };
    });
    if (subnets.length === 0)
      findings.push(
        finding('error', 'mapping-missing', `${pair.name}: the source VM has no private IP to map`, pair.id),
      );
    return primary;
  }
  const staticIp = pair.target.staticIp;
  if (staticIp) {
    const byIp = mappings.filter(
      (m) =>
        m.staticIps.some((s) => s.targetIp === staticIp) ||
        cidrContains(findSubnet(input.targetVnets ?? [], m.targetSubnetId)?.addressPrefix, staticIp),
    );
    if (byIp.length === 1) return { mapping: byIp[0] };
  }
  if (mappings.length === 1) return { mapping: mappings[0] };
  findings.push(
    finding(
      'error',
      mappings.length === 0 ? 'mapping-missing' : 'mapping-ambiguous',
      mappings.length === 0
        ? `${pair.name}: no network mapping between the two sites`
        : `${pair.name}: ${mappings.length} network mappings between the sites and, without the source, nothing says which applies; set the pair's target.staticIp`,
      pair.id,
    ),
  );
  return {};
}

/** The address the VM gets at the target: the pair's own setting first, then the mapping's rule. */
function chooseIp(
  input: MemberInput,
  mapping: MappingFacts,
  sourceIp: string | undefined,
  subnetPrefix: string | undefined,
  findings: Finding[],
): string | null {
  const { pair, kind } = input;
  let ip: string | null = pair.target.staticIp ?? null;
  if (!ip) {
    if (mapping.ipMode === 'keep') ip = sourceIp ?? null;
    if (mapping.ipMode === 'map')
      ip = mapping.staticIps.find((s) => s.sourceIp === sourceIp)?.targetIp ?? null;
    if (!ip && mapping.ipMode !== 'dynamic') {
      findings.push(
        finding(
          'warning',
          'static-ip-unknown',
          sourceIp
            ? `${pair.name}: mapping ${mapping.name} lists no target address for ${sourceIp}; the VM gets a dynamic one`
            : `${pair.name}: without the source its address is unknown; the VM gets a dynamic one`,
          pair.id,
        ),
      );
    }
  }
  if (ip && subnetPrefix && !cidrContains(subnetPrefix, ip)) {
    if (kind === 'test') {
      findings.push(
        finding(
          'warning',
          'test-ip-dynamic',
          `${pair.name}: ${ip} is outside the test subnet (${subnetPrefix}); the test VM gets a dynamic address`,
          pair.id,
        ),
      );
      return null;
    }
    findings.push(
      finding(
        'error',
        'static-ip-outside-subnet',
        `${pair.name}: ${ip} is outside the target subnet ${subnetPrefix}`,
        pair.id,
      ),
    );
  }
  return ip;
}

/** Resolves how one pair comes up at the target; what cannot be resolved becomes a finding. */
export function resolveMember(input: MemberInput): { member: MemberPlan | null; findings: Finding[] } {
  const { pair, kind } = input;
  const findings: Finding[] = [];
  const sourceName = parseArmResourceId(pair.sourceResourceId)?.name ?? pair.name;
  const base = {
    pairId: pair.id,
    pairName: pair.name,
    sourceVmId: pair.sourceResourceId,
    vmName: pair.target.name ?? sourceName,
    resourceGroup:
      kind === 'test' ? testResourceGroup(pair.target.resourceGroup, input.runId) : pair.target.resourceGroup,
    osType: input.sourceVm?.osType ?? 'Linux',
    publicIp: false,
    backendPoolIds: [] as string[],
    nsgId: null,
    privateIp: null,
  };
  if (pair.target.mode === 'standby') {
    if (!pair.target.standbyVmId) {
      findings.push(
        finding(
          'error',
          'standby-vm-missing',
          `${pair.name}: standby mode needs target.standbyVmId`,
          pair.id,
        ),
      );
      return { member: null, findings };
    }
    return { member: { ...base, mode: 'standby', standbyVmId: pair.target.standbyVmId }, findings };
  }

  const { mapping, sourceIp, sourceNsgId } = chooseMapping(input, findings);
  const size = pair.target.vmSize ?? input.sourceVm?.size;
  if (!size)
    findings.push(
      finding(
        'error',
        'vm-size-unknown',
        `${pair.name}: no VM size: set the pair's target.vmSize (the source cannot be asked)`,
        pair.id,
      ),
    );
  if (!input.sourceVm?.osType) {
    findings.push(
      finding(
        'warning',
        'os-type-assumed',
        `${pair.name}: the source VM's OS type is unknown; Linux is assumed`,
        pair.id,
      ),
    );
  }
  if (!mapping) return { member: null, findings };

  const subnetId = kind === 'test' ? mapping.testSubnetId : mapping.targetSubnetId;
  const subnet = input.targetVnets ? findSubnet(input.targetVnets, subnetId) : undefined;
  if (!subnet && input.targetVnets)
    findings.push(
      finding(
        'error',
        'subnet-missing',
        `${pair.name}: subnet ${subnetId} does not exist at the target`,
        pair.id,
      ),
    );
  const privateIp = chooseIp(input, mapping, sourceIp, subnet?.addressPrefix, findings);

  const nsgEntry =
    (sourceNsgId && mapping.nsgs.find((n) => sameArmResourceId(n.sourceNsgId, sourceNsgId))) ||
    (mapping.nsgs.length === 1 ? mapping.nsgs[0] : undefined);
  if (!nsgEntry && mapping.nsgs.length > 1) {
    findings.push(
      finding(
        'warning',
        'nsg-unmapped',
        `${pair.name}: none of mapping ${mapping.name}'s NSGs matches the source; the NIC gets none`,
        pair.id,
      ),
    );
  }
  const nsgId = nsgEntry ? (kind === 'test' ? (nsgEntry.testNsgId ?? null) : nsgEntry.targetNsgId) : null;

  return {
    member: {
      ...base,
      mode: 'from-recovery-point',
      size,
      subnetId,
      privateIp,
      nsgId,
      publicIp: mapping.publicIp,
      // A test never joins production load balancers.
      backendPoolIds: kind === 'test' ? [] : mapping.loadBalancers.map((lb) => lb.targetBackendPoolId),
      recoveryPointGroup: recoveryPointResourceGroup(pair.lagSourceKind, pair.lagSourceSettings),
    },
    findings,
  };
}
