// Host port bindings: which are taken, and the errors docker gives when one is.
import { randomBytes } from 'node:crypto';
import { sha256 } from '../common.js';
import { listClusters } from '../store.js';
import type { Json } from '../types.js';
import type { Faults } from '../../install.js';

export function randomPort(used: Json) {
  for (;;) {
    const port = String(32768 + (randomBytes(2).readUInt16BE(0) % 28000));
    if (!used.has(port)) return port;
  }
}

export function bindingsOf(cluster: Json) {
  const out: Json[] = [];
  for (const node of cluster.nodes) {
    for (const [port, list] of Object.entries<Json[]>(node.ports ?? {})) for (const b of list) out.push({ node: node.name, port, ...b });
  }
  return out;
}

function clash(a: Json, b: Json) {
  const proto = (p: Json) => p.split('/')[1] ?? 'tcp';
  if (!a.HostPort || a.HostPort !== b.HostPort || proto(a.port) !== proto(b.port)) return false;
  const anyIp = (ip: Json) => !ip || ip === '0.0.0.0' || ip === '::';
  return anyIp(a.HostIp) || anyIp(b.HostIp) || a.HostIp === b.HostIp;
}

/** The first host port of `cluster` that is taken: by another running cluster or by faults.ports.taken. */
export function takenBinding(dir: string, faults: Faults, cluster: Json) {
  const mine = bindingsOf(cluster);
  const others = listClusters(dir)
    .filter((c) => c.name !== cluster.name)
    .flatMap((c) =>
      c.nodes
        .filter((n: Json) => n.running)
        .flatMap((n: Json) => Object.entries<Json[]>(n.ports ?? {}).flatMap(([port, list]) => list.map((b) => ({ port, ...b })))),
    );
  const faulted = (faults.ports?.taken ?? []).map((t: Json) => {
    const text = String(t);
    const [hostPart = '', proto = 'tcp'] = text.split('/');
    const colon = hostPart.lastIndexOf(':');
    return {
      port: `0/${proto}`,
      HostIp: colon === -1 ? '' : hostPart.slice(0, colon),
      HostPort: colon === -1 ? hostPart : hostPart.slice(colon + 1),
    };
  });
  for (const b of mine) if ([...others, ...faulted].some((o) => clash(b, o))) return b;
  // Rootless docker's port driver (rootlesskit) cannot bind below net.ipv4.ip_unprivileged_port_start.
  if (faults.docker?.rootless) for (const b of mine) if (Number(b.HostPort) < 1024) return { ...b, privileged: true };
  return undefined;
}

function bindError(binding: Json) {
  const ip = binding.HostIp || '0.0.0.0';
  if (binding.privileged) {
    const port = binding.HostPort;
    return `Error response from daemon: driver failed programming external connectivity on endpoint ${binding.node} (${sha256(`${binding.node}/${Date.now()}`)}): error while calling RootlessKit PortManager.AddPort(): cannot expose privileged port ${port}, you can add 'net.ipv4.ip_unprivileged_port_start=${port}' to /etc/sysctl.conf (currently 1024), or set CAP_NET_BIND_SERVICE on rootlesskit binary, or choose a larger port number (>= 1024): listen tcp4 ${ip}:${port}: bind: permission denied`;
  }
  return `Error response from daemon: driver failed programming external connectivity on endpoint ${binding.node} (${sha256(`${binding.node}/${Date.now()}`)}): Bind for ${ip}:${binding.HostPort} failed: port is already allocated`;
}

export function startFailure(cluster: Json, binding: Json) {
  const node = cluster.nodes.find((n: Json) => n.name === binding.node);
  const inner = `runtime failed to start node '${node.name}': docker failed to start container for node '${node.name}': ${bindError(binding)}`;
  if (node.role === 'server') return `Failed to start server ${node.name}: ${inner}`;
  if (node.role === 'agent') return `Failed to add one or more agents: ${inner}`;
  return `Failed to add one or more helper nodes: ${inner}`;
}
