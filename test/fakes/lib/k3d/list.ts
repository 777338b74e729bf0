// `k3d cluster list`: the table and the JSON of k3d's cluster and node types.
import YAML from 'yaml';
import { flagBool, flagValue, sha256, sortKeys } from '../common.js';
import { listClusters } from '../store.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { Log } from './log.js';
import { DOCKER_DOWN, K3D_VERSION } from './main.js';

function nodeJson(cluster: Json, node: Json) {
  const labels: Record<string, Json> = {
    'k3d.cluster': cluster.name,
    'k3d.cluster.imageVolume': cluster.imageVolume,
    'k3d.cluster.network': cluster.network.name,
    'k3d.cluster.network.external': String(cluster.network.external),
    'k3d.cluster.network.id': cluster.network.id,
    'k3d.cluster.network.iprange': '',
    'k3d.cluster.token': cluster.token,
    'k3d.cluster.url': `https://k3d-${cluster.name}-server-0:6443`,
    'k3d.role': node.role,
    'k3d.version': K3D_VERSION,
  };
  const kubeAPI: Json = { Port: '', Binding: { HostIp: '', HostPort: '' } };
  if (node.role === 'server') {
    labels['k3d.server.api.host'] = cluster.api.host;
    labels['k3d.server.api.hostIP'] = cluster.api.hostIP;
    labels['k3d.server.api.port'] = cluster.api.hostPort;
    kubeAPI.Binding = { HostIp: cluster.api.hostIP, HostPort: cluster.api.hostPort };
    kubeAPI.host = cluster.api.host;
  }
  const entry: Json = {
    name: node.name,
    role: node.role,
    // TranslateContainerDetailsToNode uses the container's Image, which docker gives as the image ID.
    image: `sha256:${sha256(node.image)}`,
  };
  if (node.role !== 'loadbalancer') entry.volumes = [`${cluster.imageVolume}:/k3d/images`];
  entry.env =
    node.role === 'loadbalancer'
      ? ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'NGINX_VERSION=1.27.4', 'OS=linux']
      : [
          `K3S_TOKEN=${cluster.token}`,
          'K3S_KUBECONFIG_OUTPUT=/output/kubeconfig.yaml',
          ...(node.role === 'agent' ? [`K3S_URL=https://k3d-${cluster.name}-serverlb:6443`] : []),
          'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/bin/aux',
          'CRI_CONFIG_FILE=/var/lib/rancher/k3s/agent/etc/crictl.yaml',
        ];
  entry.Cmd = node.cmd ?? null;
  if (Object.keys(node.ports ?? {}).length) entry.portMappings = sortKeys(node.ports);
  entry.restart = true;
  entry.created = node.created;
  entry.runtimeLabels = sortKeys(labels);
  entry.Networks = [cluster.network.name];
  entry.ExtraHosts = null;
  entry.serverOpts = { kubeAPI };
  entry.agentOpts = {};
  entry.GPURequest = '';
  entry.Memory = '';
  entry.State = { Running: Boolean(node.running), Status: node.running ? 'running' : 'exited', Started: '' };
  entry.IP = { IP: node.running ? node.ip : '', Static: false };
  entry.K3dEntrypoint = false;
  return entry;
}

/** One entry of `k3d cluster list -o json`: k3d.Cluster (as ClusterList fills it) plus the counts. */
export function clusterJson(cluster: Json) {
  const servers = cluster.nodes.filter((n: Json) => n.role === 'server');
  const agents = cluster.nodes.filter((n: Json) => n.role === 'agent');
  const network: Json = { name: cluster.network.name, id: '' };
  if (cluster.network.external) network.isExternal = true;
  network.ipam = { ipPrefix: '', Managed: false };
  network.Members = null;
  const entry: Json = {
    name: cluster.name,
    network,
    nodes: cluster.nodes.map((n: Json) => nodeJson(cluster, n)),
    InitNode: null,
    imageVolume: cluster.imageVolume,
    serversRunning: servers.filter((n: Json) => n.running).length,
    serversCount: servers.length,
    agentsRunning: agents.filter((n: Json) => n.running).length,
    agentsCount: agents.length,
  };
  if (cluster.nodes.some((n: Json) => n.role === 'loadbalancer')) entry.hasLoadbalancer = true;
  return entry;
}

function tabwriter(rows: Json) {
  const widths = rows[0].map((_: Json, i: Json) => Math.max(6, ...rows.map((r: Json) => String(r[i]).length + 3)));
  return (
    rows.map((r: Json) => r.map((c: Json, i: Json) => (i === r.length - 1 ? String(c) : String(c).padEnd(widths[i]))).join('')).join('\n') +
    '\n'
  );
}

export function list(ctx: FakeContext, parsed: ParsedFlags, names: string[], log: Log, down: Json) {
  const out = log.out;
  if (down) {
    if (names.length) {
      log.error(
        `Failed to get nodes for cluster '${names[0]}': docker failed to get containers with labels 'map[k3d.cluster:${names[0]}]': failed to list containers: ${DOCKER_DOWN}`,
      );
      return log.fatal_('No nodes found for given cluster');
    }
    return log.fatal_(
      `runtime failed to list nodes: docker failed to get containers with labels 'map[app:k3d]': failed to list containers: ${DOCKER_DOWN}`,
    );
  }
  let clusters = listClusters(ctx.dir);
  if (names.length) {
    const picked: Json[] = [];
    for (const name of names) {
      const cluster = clusters.find((c) => c.name === name);
      if (!cluster) return log.fatal_('No nodes found for given cluster');
      picked.push(cluster);
    }
    clusters = picked.sort((a, b) => a.name.localeCompare(b.name));
  }
  const output = (flagValue(parsed, 'output') ?? '').toLowerCase();
  const entries = clusters.map(clusterJson);
  if (flagBool(parsed, 'token')) entries.forEach((e, i) => (e.clusterToken = clusters[i].token));
  if (output === 'json') return out.out(`${JSON.stringify(entries)}\n`).result();
  if (output === 'yaml')
    return out.out(`${YAML.stringify(JSON.parse(JSON.stringify(entries.map(sortKeys))), { indentSeq: false })}\n`).result();
  const rows = flagBool(parsed, 'no-headers') ? [] : [['NAME', 'SERVERS', 'AGENTS', 'LOADBALANCER']];
  for (const e of entries)
    rows.push([e.name, `${e.serversRunning}/${e.serversCount}`, `${e.agentsRunning}/${e.agentsCount}`, String(Boolean(e.hasLoadbalancer))]);
  if (rows.length) out.out(tabwriter(rows));
  return out.result();
}

// -------------------------------------------------------------------- delete
