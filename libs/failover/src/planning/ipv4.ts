/** IPv4 arithmetic for "is this address in that subnet", without a dependency. */
export function ipv4ToNumber(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const n = Number(part);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return value;
}

export function cidrContains(cidr: string | undefined, ip: string): boolean {
  if (!cidr) return false;
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText);
  const network = ipv4ToNumber(base);
  const address = ipv4ToNumber(ip);
  if (network === null || address === null || !Number.isInteger(bits) || bits < 0 || bits > 32) return false;
  const size = 2 ** (32 - bits);
  return Math.floor(address / size) === Math.floor(network / size);
}
