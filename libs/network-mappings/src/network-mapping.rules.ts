import { sameArmResourceId } from '@twinsite/core';
import type { FieldViolation } from '@twinsite/shared';
import type { IpMode, NsgMapping, StaticIpMapping } from './network-mapping.entity';

/** The fields the cross-field rules look at: a whole mapping, after defaults and (on update) merging. */
export interface MappingShape {
  sourceSiteId: string;
  targetSiteId: string;
  targetSubnetId: string;
  testSubnetId: string;
  staticIps: StaticIpMapping[];
  ipMode: IpMode;
  nsgs: NsgMapping[];
}

/**
 * `ipMode` when the client does not say: "map" when static IPs are listed, else
 * "dynamic". On update a mode that was set stays, unless the new static IP list
 * makes it meaningless (a list appears: "map"; the list is emptied: "dynamic").
 */
export function resolveIpMode(
  requested: IpMode | undefined,
  staticIps: StaticIpMapping[],
  current?: IpMode,
): IpMode {
  if (requested !== undefined) return requested;
  if (staticIps.length > 0) return 'map';
  if (current === undefined || current === 'map') return 'dynamic';
  return current;
}

/** Rules across fields, each violation naming the field to fix. */
export function checkNetworkMapping(m: MappingShape): FieldViolation[] {
  const out: FieldViolation[] = [];
  if (m.sourceSiteId === m.targetSiteId) {
    out.push({
      field: 'targetSiteId',
      rule: 'different-site',
      message: 'targetSiteId must be another site than sourceSiteId',
    });
  }
  if (sameArmResourceId(m.testSubnetId, m.targetSubnetId)) {
    out.push({
      field: 'testSubnetId',
      rule: 'isolated-test-subnet',
      message: 'testSubnetId must be an isolated subnet, not the production targetSubnetId',
    });
  }
  if (m.staticIps.length > 0 && m.ipMode !== 'map') {
    out.push({
      field: 'staticIps',
      rule: 'ip-mode',
      message: `staticIps apply only with ipMode "map" (ipMode is "${m.ipMode}")`,
    });
  }
  const sources = new Map<string, number>();
  const targets = new Map<string, number>();
  m.staticIps.forEach((ip, i) => {
    const seenSource = sources.get(ip.sourceIp);
    if (seenSource !== undefined) {
      out.push({
        field: `staticIps[${i}].sourceIp`,
        rule: 'unique-source-ip',
        message: `source IP ${ip.sourceIp} is already mapped at staticIps[${seenSource}]`,
      });
    } else sources.set(ip.sourceIp, i);
    const seenTarget = targets.get(ip.targetIp);
    if (seenTarget !== undefined) {
      out.push({
        field: `staticIps[${i}].targetIp`,
        rule: 'unique-target-ip',
        message: `target IP ${ip.targetIp} is already used at staticIps[${seenTarget}]`,
      });
    } else targets.set(ip.targetIp, i);
  });
  m.nsgs.forEach((nsg, i) => {
    if (nsg.testNsgId && sameArmResourceId(nsg.testNsgId, nsg.targetNsgId)) {
      out.push({
        field: `nsgs[${i}].testNsgId`,
        rule: 'isolated-test-nsg',
        message: 'testNsgId must differ from targetNsgId: tests must not share production rules',
      });
    }
  });
  return out;
}
