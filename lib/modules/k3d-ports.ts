/**
 * k3d's port mapping, `[IP:][HOSTPORT[-HOSTPORT]:]CONTAINERPORT[-CONTAINERPORT][/PROTOCOL]`,
 * as far as mesh checks it: every port a number from 1 to 65535, ranges
 * ascending, the protocol tcp, udp or sctp.
 */
export interface PortSpec {
  ip?: string;
  host?: number;
  container: number;
}

const RANGE = /^(\d+)(?:-(\d+))?$/;

/** What is wrong with a port mapping, or undefined when k3d (and docker) would take it. */
export function portSpecProblem(spec: string): string | undefined {
  const [mapping = '', protocol, ...extra] = spec.split('/');
  if (extra.length > 0 || (protocol !== undefined && !['tcp', 'udp', 'sctp'].includes(protocol.toLowerCase()))) {
    return `"${spec}": the protocol after / must be tcp, udp or sctp`;
  }
  const parts = mapping.split(':');
  if (parts.length > 3 || mapping === '') return `"${spec}" is not [IP:][HOSTPORT:]CONTAINERPORT[/PROTOCOL], e.g. "8080:80"`;
  const ports = parts.length === 3 ? parts.slice(1) : parts;
  for (const part of ports) {
    const match = RANGE.exec(part);
    const numbers = match ? [match[1], match[2]].filter((n): n is string => n !== undefined).map(Number) : [];
    if (!match || numbers.some((n) => n < 1 || n > 65535)) return `"${spec}": port "${part}" must be a number from 1 to 65535`;
    if (numbers.length === 2 && numbers[0]! > numbers[1]!) return `"${spec}": the range ${part} goes downwards`;
  }
  return undefined;
}

/** The host port and IP of a single-port mapping; undefined for a bare container port or a range. */
export function parsePortSpec(spec: unknown): PortSpec | undefined {
  if (typeof spec !== 'string') return undefined;
  const parts = (spec.split('/')[0] ?? '').split(':');
  const numbers = parts.slice(-2).map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (parts.length < 2 || numbers.some((n) => Number.isNaN(n))) return undefined;
  return { ...(parts.length === 3 ? { ip: parts[0] } : {}), host: numbers[0]!, container: numbers[1]! };
}
