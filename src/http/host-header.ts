/** A host as a Host header or ALLOWED_HOSTS names it: normalised, IPv6 in brackets, and its port if given. */
export interface HostAndPort {
  hostname: string;
  port: number | undefined;
}

/**
 * host[:port] where host is a DNS name or IPv4 address (letters, digits, `-`, `.`, `_`) or an IPv6
 * address in brackets: RFC 9110's uri-host, without the percent-encoded forms no client sends.
 * Anything else (spaces, `/`, `@`, `#`, non-ASCII) would let the URL the gateway builds from it
 * say something other than what the client asked for, or not parse at all.
 */
const HOST_AND_PORT = /^([a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_.])?|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i;

/**
 * Every request's Host header is parsed twice (request-target.ts, then hosts.ts), and a gateway
 * sees a handful of distinct values: the answers for the last few hundred are kept, since the
 * URL parser showed in the warm path's profile. Bounded, so a client sending endless distinct
 * hosts costs a parse each, not memory.
 */
const PARSED_KEPT = 256;
const parsed = new Map<string, HostAndPort | undefined>();

export function parseHostAndPort(text: string): HostAndPort | undefined {
  if (parsed.has(text)) return parsed.get(text);
  const host = parse(text);
  if (parsed.size >= PARSED_KEPT) parsed.clear();
  parsed.set(text, host);
  return host;
}

function parse(text: string): HostAndPort | undefined {
  const match = HOST_AND_PORT.exec(text);
  if (!match || match[1]!.includes('..')) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && port > 65535) return undefined;
  // The URL parser has the last word on address forms (`[::1::]`, `1.2.3.999`) and normalises
  // them (`[::ffff:127.0.0.1]`, `0x7f.1`), so one address has one spelling; a fully qualified
  // name's trailing dot names the same host.
  try {
    return { hostname: new URL(`http://${match[1]}/`).hostname.replace(/\.$/, ''), port };
  } catch {
    return undefined;
  }
}
