import type { K3dCluster } from './types.js';

/**
 * The shape `k3d cluster list -o json` prints (k3d 5.x, cmd/cluster/clusterList.go):
 * an array of k3d's Cluster struct (pkg/types/types.go) with the counts added.
 * Node.State has no json tags, so its fields keep Go's names; portMappings is
 * the container's HostConfig.PortBindings, a docker nat.PortMap. Every field
 * is optional here: k3d leaves out empty ones (omitempty).
 */
interface ListEntry {
  name?: unknown;
  network?: { name?: unknown } | null;
  nodes?: ListNode[] | null;
  serversRunning?: unknown;
  serversCount?: unknown;
  agentsRunning?: unknown;
  agentsCount?: unknown;
  hasLoadbalancer?: unknown;
}

interface ListNode {
  name?: unknown;
  role?: unknown;
  /** What docker reports for the container: usually the image ID (`sha256:…`), not the reference it was created from. */
  image?: unknown;
  portMappings?: Record<string, Array<{ HostIp?: unknown; HostPort?: unknown }> | null> | null;
  State?: { Running?: unknown; Status?: unknown } | null;
}

/** k3d publishes the Kubernetes API through the load balancer too; that is not one of the cluster's ports. */
const KUBE_API_PORT = '6443';

/** The clusters in k3d's JSON, or a reason the text is not that JSON. */
export function parseClusterList(stdout: string): K3dCluster[] | { invalid: string } {
  const value = parseJson(stdout);
  if (value === undefined) return { invalid: 'it is not JSON' };
  if (value === null) return [];
  if (!Array.isArray(value)) return { invalid: 'it is not a JSON array' };
  const clusters: K3dCluster[] = [];
  for (const entry of value as unknown[]) {
    if (entry === null || typeof entry !== 'object' || typeof (entry as ListEntry).name !== 'string') {
      return { invalid: 'an entry has no cluster name' };
    }
    clusters.push(toCluster(entry as ListEntry));
  }
  return clusters;
}

function toCluster(entry: ListEntry): K3dCluster {
  const nodes = Array.isArray(entry.nodes) ? entry.nodes.filter((node) => node !== null && typeof node === 'object') : [];
  const server = nodes.find((node) => node.role === 'server' && typeof node.image === 'string' && node.image !== '');
  const network = entry.network?.name;
  return {
    name: entry.name as string,
    serversCount: count(entry.serversCount),
    serversRunning: count(entry.serversRunning),
    agentsCount: count(entry.agentsCount),
    agentsRunning: count(entry.agentsRunning),
    // `hasLoadbalancer` is omitted when false.
    hasLoadbalancer: entry.hasLoadbalancer === true,
    image: server?.image as string | undefined,
    serverNode: typeof server?.name === 'string' ? server.name : undefined,
    network: typeof network === 'string' && network !== '' ? network : undefined,
    // Ports go to the load balancer, or with `:direct` (or without a load balancer) to the nodes themselves.
    ports: hostPorts(nodes),
  };
}

/** `{"80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}]}` -> `["8080:80"]`; other protocols keep theirs (`53:53/udp`). */
function hostPorts(nodes: readonly ListNode[]): string[] {
  const ports = new Map<string, [number, number]>();
  for (const [key, bindings] of nodes.flatMap((node) => Object.entries(node.portMappings ?? {}))) {
    // k3d itself adds the API binding as "6443", without a protocol; docker's own keys have one.
    const [containerPort = '', protocol = 'tcp'] = key.split('/');
    if (containerPort === KUBE_API_PORT && protocol === 'tcp') continue;
    for (const binding of Array.isArray(bindings) ? bindings : []) {
      const hostPort = typeof binding?.HostPort === 'string' ? binding.HostPort : '';
      // No host port: docker picks one when the container starts, so there is no mapping to report.
      if (hostPort === '') continue;
      const text = `${hostPort}:${containerPort}${protocol === 'tcp' ? '' : `/${protocol}`}`;
      ports.set(text, [Number(hostPort), Number(containerPort)]);
    }
  }
  return [...ports.entries()]
    .sort(
      ([textA, [hostA, containerA]], [textB, [hostB, containerB]]) =>
        hostA - hostB || containerA - containerB || textA.localeCompare(textB),
    )
    .map(([text]) => text);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/**
 * k3d prints the JSON on one line with fmt.Println; with LOG_LEVEL=debug its
 * log lines share stdout, so fall back to the last line that is an array.
 */
function parseJson(stdout: string): unknown {
  const text = stdout.trim();
  if (text === '') return undefined;
  const attempts = [
    text,
    ...text
      .split('\n')
      .reverse()
      .filter((line) => /^\s*(\[|null\s*$)/.test(line)),
  ];
  for (const attempt of attempts) {
    try {
      return JSON.parse(attempt) as unknown;
    } catch {
      // try the next candidate
    }
  }
  return undefined;
}
