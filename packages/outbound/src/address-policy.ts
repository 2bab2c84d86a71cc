// Which IP addresses an outbound request may reach: public unicast only. A vendor feed's URL comes
// from configuration (and its redirects from the vendor), so a request must not be turned against the
// platform's own network: loopback, the private and carrier-grade NAT ranges, link-local (with the
// cloud metadata service at 169.254.169.254 and fd00:ec2::254), multicast, and the reserved,
// documentation and benchmarking nets. Anything that does not parse as an IP address is refused too
// (fail closed). Loopback is told apart from the rest so that the local runtime can allow it alone.
import { BlockList, isIP } from 'node:net';

/** `loopback` (127/8, ::1) is refused unless the caller allows it; `blocked` is refused always. */
export type AddressClass = 'public' | 'loopback' | 'blocked';

/** IANA's special-purpose IPv4 registry (RFC 6890 and successors), and the rest of what is not public. */
const IPV4_BLOCKED: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network": 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['169.254.0.0', 16], // link-local, with the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12], // private (RFC 1918)
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private (RFC 1918)
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, with the broadcast 255.255.255.255
];

/**
 * Only 2000::/3 is global unicast: the first three entries refuse everything else (::, ::1, the
 * IPv4-compatible and discard prefixes, unique-local fc00::/7 with AWS's fd00:ec2::254, link-local
 * fe80::/10, site-local, multicast ff00::/8). The mapped ::ffff:0:0/96 and NAT64 64:ff9b::/96 prefixes
 * fall in the first, but are judged by the IPv4 address they embed before this list is read.
 */
const IPV6_BLOCKED: readonly (readonly [string, number])[] = [
  ['::', 3],
  ['4000::', 2],
  ['8000::', 1],
  ['2001::', 23], // IETF protocol assignments: Teredo, benchmarking, ORCHID
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 (deprecated): relays reach whichever IPv4 address it embeds
  ['3fff::', 20], // documentation (RFC 9637)
];

// One list per family: a BlockList matches an IPv4 address against its IPv6 rules as ::ffff:a.b.c.d,
// which ::/3 holds.
const blockedIpv4 = new BlockList();
for (const [network, prefix] of IPV4_BLOCKED) blockedIpv4.addSubnet(network, prefix, 'ipv4');
const blockedIpv6 = new BlockList();
for (const [network, prefix] of IPV6_BLOCKED) blockedIpv6.addSubnet(network, prefix, 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** What an address is, for the outbound policy. Accepts `[v6]` as a URL writes it; a zone (`%eth0`) is ignored. */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 4) return classifyIpv4(bare);
  if (family !== 6) return 'blocked';
  const words = ipv6Words(bare);
  const embedded = `${words[6]! >> 8}.${words[6]! & 0xff}.${words[7]! >> 8}.${words[7]! & 0xff}`;
  // ::ffff:a.b.c.d is a.b.c.d itself to a dual-stack socket.
  if (words.slice(0, 5).every((word) => word === 0) && words[5] === 0xffff) return classifyIpv4(embedded);
  // 64:ff9b::/96 reaches a.b.c.d through the NAT64 gateway: fine if public, never loopback (the gateway's own).
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((word) => word === 0)) {
    return classifyIpv4(embedded) === 'public' ? 'public' : 'blocked';
  }
  if (loopback.check(bare, 'ipv6')) return 'loopback';
  return blockedIpv6.check(bare, 'ipv6') ? 'blocked' : 'public';
}

/** Whether a request may connect to `address`: public addresses, and loopback if `allowLoopback`. */
export function addressAllowed(address: string, options: { allowLoopback?: boolean } = {}): boolean {
  const kind = classifyAddress(address);
  return kind === 'public' || (kind === 'loopback' && options.allowLoopback === true);
}

function classifyIpv4(address: string): AddressClass {
  if (loopback.check(address, 'ipv4')) return 'loopback';
  return blockedIpv4.check(address, 'ipv4') ? 'blocked' : 'public';
}

/** The eight 16-bit words of an IPv6 address that `isIP` accepted (`::` expanded, a dotted IPv4 tail split). */
function ipv6Words(address: string): number[] {
  const groups = (part: string): number[] =>
    part === ''
      ? []
      : part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        });
  const [head = '', tail] = address.split('::');
  const left = groups(head);
  if (tail === undefined) return left;
  const right = groups(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
