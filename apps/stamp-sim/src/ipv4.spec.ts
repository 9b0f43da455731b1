import {
  cidrContains,
  cidrsOverlap,
  formatIp,
  isAzureReserved,
  nextFreeIp,
  parseCidr,
  parseIp,
} from './ipv4';

describe('ipv4', () => {
  it('parses and formats addresses', () => {
    expect(formatIp(parseIp('10.10.1.4')!)).toBe('10.10.1.4');
    expect(parseIp('10.10.1')).toBeUndefined();
    expect(parseIp('10.10.1.256')).toBeUndefined();
    expect(parseIp('a.b.c.d')).toBeUndefined();
  });

  it('parses prefixes and refuses ones with host bits set', () => {
    expect(parseCidr('10.10.0.0/16')).toEqual({
      network: parseIp('10.10.0.0'),
      prefixLength: 16,
      size: 65536,
    });
    expect(parseCidr('10.10.0.5/24')).toBeUndefined();
    expect(parseCidr('10.10.0.0/33')).toBeUndefined();
    expect(parseCidr('10.10.0.0')).toBeUndefined();
  });

  it('tells containment and overlap apart', () => {
    const vnet = parseCidr('10.10.0.0/16')!;
    expect(cidrContains(vnet, parseCidr('10.10.3.0/24')!)).toBe(true);
    expect(cidrContains(vnet, parseCidr('10.11.0.0/24')!)).toBe(false);
    expect(cidrsOverlap(parseCidr('10.10.1.0/24')!, parseCidr('10.10.1.128/25')!)).toBe(true);
    expect(cidrsOverlap(parseCidr('10.10.1.0/24')!, parseCidr('10.10.2.0/24')!)).toBe(false);
  });

  it('hands out addresses the way Azure does: from .4, never the last one', () => {
    const subnet = parseCidr('10.0.0.0/29')!;
    expect(isAzureReserved(subnet, parseIp('10.0.0.3')!)).toBe(true);
    expect(isAzureReserved(subnet, parseIp('10.0.0.7')!)).toBe(true);
    expect(formatIp(nextFreeIp(subnet, new Set())!)).toBe('10.0.0.4');
    const taken = new Set([parseIp('10.0.0.4')!, parseIp('10.0.0.5')!, parseIp('10.0.0.6')!]);
    expect(nextFreeIp(subnet, taken)).toBeUndefined();
    expect(formatIp(nextFreeIp(parseCidr('192.0.2.0/24')!, new Set(), false)!)).toBe('192.0.2.1');
  });
});
