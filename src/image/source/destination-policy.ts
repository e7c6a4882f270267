/**
 * @module
 * Which addresses orchd may fetch an image from for a tenant. The URL is a tenant's input, so
 * without a policy orchd would reach its own loopback services, the cloud metadata address and
 * anything else on its networks, and tell the tenant what answered. The policy is checked on the
 * addresses a name resolves to (every one of them), and the connection then goes to the address
 * that was checked, so a second lookup cannot swap it (DNS rebinding); every redirect hop is
 * checked the same way. Modelled on OpenStack Glance's import filters, but judged after DNS.
 */
import { BlockList, isIP } from 'node:net';
import { OrchError } from '../../core/errors/index.js';

/** An operator's rules; every list empty or absent means "no such rule". */
export interface DestinationRules {
  /** When non-empty, only addresses in these CIDRs are allowed (this overrides the built-in denials). */
  readonly allowCidrs?: readonly string[];
  /** Addresses in these CIDRs are refused, whatever else says. */
  readonly denyCidrs?: readonly string[];
  /** When non-empty, only these host names (`images.example.com`, or `*.example.com` for subdomains). */
  readonly allowHosts?: readonly string[];
  /** When non-empty, only these ports. */
  readonly allowPorts?: readonly number[];
  /** Refuse the private ranges too (RFC 1918, fc00::/7); allowed by default, images live on internal servers. */
  readonly denyPrivate?: boolean;
  /**
   * orchd's own listen endpoints: never a destination, whatever the allow list says (an image
   * server on the same host but another port stays reachable when allowed).
   */
  readonly ownEndpoints?: readonly { readonly address: string; readonly port: number }[];
}

/** Never a destination unless an operator's allow-list names them: loopback, link-local, unspecified, multicast. */
const BUILT_IN_DENIED: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], // link-local, including the cloud metadata service 169.254.169.254
  ['224.0.0.0', 4, 'ipv4'],
  ['255.255.255.255', 32, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];
const PRIVATE: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[] = [
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['fc00::', 7, 'ipv6'],
];

/** `a.b.c.d/n` or `x::y/n` (a bare address is a /32 or /128); throws a plain Error naming the bad text. */
export function parseCidr(text: string): readonly [string, number, 'ipv4' | 'ipv6'] {
  const [address = '', bits] = text.trim().split('/');
  const family = isIP(address);
  if (family === 0) throw new Error(`"${text}" is not an IP address or CIDR block`);
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (bits !== undefined && !/^\d+$/.test(bits)))
    throw new Error(`"${text}" has an invalid prefix length (0-${max})`);
  return [address, prefix, family === 4 ? 'ipv4' : 'ipv6'];
}

function blockList(entries: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[]): BlockList {
  const list = new BlockList();
  for (const [address, prefix, family] of entries) list.addSubnet(address, prefix, family);
  return list;
}

/** `::ffff:127.0.0.1` is 127.0.0.1: mapped forms are judged as the IPv4 address they carry. */
function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return { address: mapped[1], family: 'ipv4' };
  return { address, family: isIP(address) === 4 ? 'ipv4' : 'ipv6' };
}

function hostAllowed(host: string, patterns: readonly string[]): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase().replace(/\.$/, '');
    return p.startsWith('*.') ? name.endsWith(p.slice(1)) && name.length > p.length - 1 : name === p;
  });
}

/** A compiled policy: judges one host, port and the addresses it resolved to. */
export interface DestinationPolicy {
  /**
   * Throws DESTINATION_DENIED (with no detail a tenant could learn from) unless the host, the port
   * and every address are allowed. `null` addresses: not known here (a proxy resolves the name),
   * so only the host and port rules apply.
   */
  check(host: string, port: number, addresses: readonly string[] | null): void;
}

/** The policy of `rules`, its CIDR lists parsed once (a bad entry throws, naming it). */
export function destinationPolicy(rules: DestinationRules = {}): DestinationPolicy {
  const allow = rules.allowCidrs?.length ? blockList(rules.allowCidrs.map(parseCidr)) : undefined;
  const deny = blockList((rules.denyCidrs ?? []).map(parseCidr));
  const builtIn = blockList([...BUILT_IN_DENIED, ...(rules.denyPrivate ? PRIVATE : [])]);
  const own = new Set((rules.ownEndpoints ?? []).map((e) => `${unmapped(e.address).address} ${e.port}`));
  const addressAllowed = (raw: string, port: number): boolean => {
    const { address, family } = unmapped(raw);
    if (deny.check(address, family) || own.has(`${address} ${port}`)) return false;
    if (allow) return allow.check(address, family);
    return !builtIn.check(address, family);
  };
  return {
    check(host, port, addresses) {
      const allowed =
        (!rules.allowHosts?.length || hostAllowed(host, rules.allowHosts)) &&
        (!rules.allowPorts?.length || rules.allowPorts.includes(port)) &&
        (addresses === null || (addresses.length > 0 && addresses.every((a) => addressAllowed(a, port))));
      if (!allowed) throw destinationDenied();
    },
  };
}

/** One answer for every refusal: which rule, which address and whether the name exists stay unsaid. */
export function destinationDenied(): OrchError {
  return new OrchError(
    'DESTINATION_DENIED',
    "the image URL's destination is not allowed by this orchestrator's policy",
    { retryable: false },
  );
}
