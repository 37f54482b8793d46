/**
 * The key under which failed logins are counted per client address. One IPv6 client usually
 * holds a whole /64 (SLAAC, privacy addresses), so counting single IPv6 addresses would let it
 * evade the limit by rotating through its own prefix: an IPv6 address counts as its /64. An
 * IPv4 client seen through a dual-stack socket (`::ffff:192.0.2.7`) counts as its IPv4 address.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address (zone and embedded IPv4 allowed), or null. */
function ipv6Groups(address: string): number[] | null {
  const zone = address.indexOf('%');
  const text = zone < 0 ? address : address.slice(0, zone);
  if (!isIPv6(text)) return null;
  let head = text;
  const tail: number[] = [];
  const last = text.slice(text.lastIndexOf(':') + 1);
  if (last.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = last.split('.').map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    head = text.slice(0, text.length - last.length);
    if (!head.endsWith('::')) head = head.slice(0, -1);
  }
  const halves = head.split('::');
  const groupsOf = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = groupsOf(halves[0]);
  const right = [...groupsOf(halves[1]), ...tail];
  const missing = 8 - left.length - right.length;
  return halves.length === 2 ? [...left, ...new Array<number>(missing).fill(0), ...right] : [...left, ...right];
}

/**
 * The bucket of a client address: an IPv4 address itself, an IPv4-mapped IPv6 address as its
 * IPv4 address, any other IPv6 address as its /64 (`2001:db8:1:2::/64`). Anything else (no
 * address at all) is its own bucket.
 */
export function addressBucket(address: string): string {
  if (isIPv4(address)) return address;
  const groups = ipv6Groups(address);
  if (!groups) return address;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}
