import { lookup } from "node:dns/promises";
import ipaddr from "ipaddr.js";

/** Answers every address a host name resolves to. Injected by tests; the default asks the OS. */
export type Resolver = (hostname: string) => Promise<string[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * IPv6 blocks ipaddr.js files under "unicast" that still reach IPv4 or nothing public: the
 * deprecated IPv4-compatible block (::a.b.c.d) and the rest of RFC 4291's reserved ::/8.
 */
const EXTRA_REFUSED: Record<string, [ipaddr.IPv6, number][]> = {
  ipv4Compatible: [[ipaddr.IPv6.parse("::"), 8]],
};

/**
 * Why an address may not be reached, or null when it is a public unicast address. Everything
 * ipaddr.js names — private, loopback, link-local, unique-local, carrier-grade NAT, multicast,
 * unspecified, broadcast, reserved, IPv4-mapped, NAT64/-translated, 6to4, Teredo, … — is refused;
 * only its plain "unicast" passes.
 */
export function addressProblem(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/^\[|\]$/g, ""));
  } catch {
    return "not an IP address";
  }
  if (ip.kind() === "ipv6" && (ip as ipaddr.IPv6).zoneId) return "scoped";
  const range = ip.range();
  if (range !== "unicast") return range;
  if (ip.kind() === "ipv6") {
    const extra = ipaddr.subnetMatch(ip, EXTRA_REFUSED, "unicast");
    if (extra !== "unicast") return extra;
  }
  return null;
}

/** True when the URL's host is written as an IP address (IPv4 after URL normalisation, or [v6]). */
export function isIpLiteral(hostname: string): boolean {
  return ipaddr.isValid(hostname.replace(/^\[|\]$/g, ""));
}

export function isLoopback(address: string): boolean {
  try {
    return ipaddr.parse(address.replace(/^\[|\]$/g, "")).range() === "loopback";
  } catch {
    return false;
  }
}

/**
 * `host` equals `domain` or is a subdomain of it, compared label by label after lower-casing
 * and dropping one trailing dot, so `example.com.evil.test` and `evilexample.com` are not
 * subdomains of `example.com`.
 */
export function hostWithinDomain(host: string, domain: string): boolean {
  const labels = (s: string) => s.toLowerCase().replace(/\.$/, "").split(".");
  const h = labels(host);
  const d = labels(domain);
  if (d.some((l) => l === "") || h.some((l) => l === "") || h.length < d.length) return false;
  const tail = h.slice(h.length - d.length);
  return tail.every((label, i) => label === d[i]);
}
