// IPv4 arithmetic for subnets and the stamps' public pools. Addresses are kept as
// unsigned 32-bit numbers so "next free address" is a simple counter walk.

export interface Cidr {
  network: number;
  prefixLength: number;
  size: number;
}

export function parseIp(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function formatIp(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function parseCidr(text: string): Cidr | undefined {
  const [ip, len, extra] = String(text).trim().split('/');
  if (extra !== undefined || len === undefined || !/^\d{1,2}$/.test(len)) return undefined;
  const address = parseIp(ip);
  const prefixLength = Number(len);
  if (address === undefined || prefixLength > 32) return undefined;
  const size = 2 ** (32 - prefixLength);
  // ARM refuses prefixes with host bits set ("10.0.0.5/24"), so do we.
  if (address % size !== 0) return undefined;
  return { network: address, prefixLength, size };
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.network >= outer.network && inner.network + inner.size <= outer.network + outer.size;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network < b.network + b.size && b.network < a.network + a.size;
}

export function cidrHas(cidr: Cidr, ip: number): boolean {
  return ip >= cidr.network && ip < cidr.network + cidr.size;
}

/** Azure keeps the first four addresses and the last one of every subnet for itself. */
export function isAzureReserved(cidr: Cidr, ip: number): boolean {
  const offset = ip - cidr.network;
  return offset < 4 || offset === cidr.size - 1;
}

/** First address of the subnet that Azure would hand out and that is not taken. */
export function nextFreeIp(cidr: Cidr, taken: Set<number>, skipAzureReserved = true): number | undefined {
  const first = skipAzureReserved ? 4 : 1;
  for (let offset = first; offset <= cidr.size - 2; offset++) {
    const ip = cidr.network + offset;
    if (!taken.has(ip)) return ip;
  }
  return undefined;
}
