import type { FakeCall, Faults, InstalledFakes, ScriptedFault } from '../fakes/install.js';

/**
 * The kinds of external call a two-cluster `mesh up` makes, each with the
 * words its tool prints when it fails for a moment, for the fault-injection
 * suite (test/integration/faults-two-clusters.test.ts).
 */

export interface CallKind {
  name: string;
  tool: 'k3d' | 'kubectl' | 'docker';
  /** The subcommand the fake keys its scripted faults by. */
  sub: string;
  /** A part of the joined arguments only this kind has. */
  match: string;
  unless?: string;
  /** What the tool prints when this call fails for a moment, in its own words. */
  transient: string;
  /** The verify check that reports this call's failure, where a check (not the command) is what fails. */
  check?: string;
}

const REFUSED = 'The connection to the server 0.0.0.0:6443 was refused - did you specify the right host or port?\n';
const RESET = (what: string) =>
  `FATA[0000] ${what}: error during connect: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.47/containers/json": read unix @->/var/run/docker.sock: read: connection reset by peer\n`;
const DAEMON_SLOW =
  'Error response from daemon: Post "http://%2Fvar%2Frun%2Fdocker.sock/v1.47/networks/create": context deadline exceeded\n';
// k3d 5.8's words when a pull of k3s's image times out: it rolls the cluster back before exiting.
const PULL_ROLLED_BACK =
  "ERRO[0004] failed Cluster Creation: failed setup of server/agent node k3d-x-server-0: runtime failed to create node 'k3d-x-server-0': docker failed to pull the image 'rancher/k3s:v1.31.5-k3s1': Error response from daemon: Get \"https://registry-1.docker.io/v2/\": net/http: TLS handshake timeout\nERRO[0004] Failed to create cluster >>> Rolling Back\nFATA[0005] Cluster creation FAILED, all changes have been rolled back!\n";

/** Every kind of call a two-cluster `mesh up` makes; the baseline test checks that none is missing. */
export const CALL_KINDS: CallKind[] = [
  { name: 'docker info', tool: 'docker', sub: 'info', match: 'info --format', transient: DAEMON_SLOW.replace('networks/create', 'info') },
  {
    name: 'docker network inspect (exists?)',
    tool: 'docker',
    sub: 'network',
    match: 'network inspect',
    unless: '--format',
    transient: DAEMON_SLOW,
  },
  { name: 'docker network inspect (node addresses)', tool: 'docker', sub: 'network', match: '--format', transient: DAEMON_SLOW },
  { name: 'docker network create', tool: 'docker', sub: 'network', match: 'network create', transient: DAEMON_SLOW },
  { name: 'k3d version', tool: 'k3d', sub: 'version', match: 'version', transient: RESET('failed to get docker version') },
  { name: 'k3d cluster list', tool: 'k3d', sub: 'list', match: 'cluster list', transient: RESET('failed to list nodes') },
  { name: 'k3d cluster create', tool: 'k3d', sub: 'create', match: 'cluster create', transient: PULL_ROLLED_BACK },
  { name: 'k3d kubeconfig merge', tool: 'k3d', sub: 'merge', match: 'kubeconfig merge', transient: RESET('failed to get cluster') },
  { name: 'kubectl version', tool: 'kubectl', sub: 'version', match: 'version --client', transient: REFUSED },
  { name: 'kubectl apply', tool: 'kubectl', sub: 'apply', match: '--field-manager=k3d-mesh --force', transient: REFUSED },
  {
    name: 'kubectl apply --dry-run=server (injection)',
    tool: 'kubectl',
    sub: 'apply',
    match: '--dry-run=server',
    transient: REFUSED,
    check: 'FAIL sidecar injection works',
  },
  { name: 'kubectl get configmaps (inventory)', tool: 'kubectl', sub: 'get', match: 'get configmaps', transient: REFUSED },
  { name: 'kubectl wait', tool: 'kubectl', sub: 'wait', match: ' wait --for', transient: REFUSED },
  { name: 'kubectl rollout status', tool: 'kubectl', sub: 'rollout', match: 'rollout status', transient: REFUSED },
  { name: 'kubectl get endpointslices', tool: 'kubectl', sub: 'get', match: 'get endpointslices', transient: REFUSED },
  { name: 'kubectl get service', tool: 'kubectl', sub: 'get', match: 'get service ', transient: REFUSED },
  { name: 'kubectl get (verify)', tool: 'kubectl', sub: 'get', match: 'customresourcedefinitions,deployments', transient: REFUSED },
  {
    name: 'kubectl get --raw (proxy sync)',
    tool: 'kubectl',
    sub: 'get',
    match: 'get --raw',
    transient: REFUSED,
    check: 'FAIL proxies in sync with istiod',
  },
  { name: 'kubectl exec (probe)', tool: 'kubectl', sub: 'exec', match: ' exec ', transient: REFUSED },
  { name: 'kubectl delete (probe pods)', tool: 'kubectl', sub: 'delete', match: 'delete pod', transient: REFUSED },
];

export function kindOf(call: FakeCall): CallKind | undefined {
  const line = call.argv.join(' ');
  return CALL_KINDS.find((k) => k.tool === call.tool && line.includes(k.match) && !(k.unless && line.includes(k.unless)));
}

/** Faults that make the first `times` calls of a kind fail with `fault`'s words. */
export function failing(kind: CallKind, fault: Omit<ScriptedFault, 'match'>): Faults {
  return { [kind.tool]: { [kind.sub]: { ...fault, match: kind.match, ...(kind.unless ? { unless: kind.unless } : {}) } } } as Faults;
}

/** How often the scripted fault fired (the fakes count faults given `times`). */
export function fired(tools: InstalledFakes): number {
  const counts = tools.faultCounts();
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
