/**
 * The tool adapters the lifecycle tasks use, one file per tool in lib/:
 * k3d.ts, kubectl.ts, docker.ts (and helm.ts for rendering). Each resolves
 * its binary (`MESH_<TOOL>` or PATH), says how to install it when missing,
 * and sends every call through the Runner.
 */

/** One cluster as `k3d cluster list -o json` describes it. */
export interface K3dCluster {
  name: string;
  serversCount: number;
  serversRunning: number;
  agentsCount: number;
  agentsRunning: number;
  hasLoadbalancer: boolean;
  /** The image of its server nodes. */
  image: string | undefined;
  /** The docker network its nodes are on. */
  network: string | undefined;
  /** Host port mappings of the load balancer node, as `HOST:CONTAINER` (e.g. `80:80`), sorted. */
  ports: string[];
}

export interface K3dAdapter {
  ensureInstalled(): Promise<string>;
  /** e.g. `v5.8.3`. */
  version(signal?: AbortSignal): Promise<string>;
  list(signal?: AbortSignal): Promise<K3dCluster[]>;
  /** `k3d cluster create --config -`, the config on stdin. */
  create(configYaml: string, signal?: AbortSignal): Promise<void>;
  start(name: string, signal?: AbortSignal): Promise<void>;
  /** Exits 0 for a cluster that does not exist, as k3d does. */
  delete(name: string, signal?: AbortSignal): Promise<void>;
}

export interface ApplyArgs {
  context: string;
  /** YAML documents. */
  manifest: string;
  /** For objects without metadata.namespace, as `helm install -n` would place them. */
  namespace?: string;
}

export interface KubectlAdapter {
  ensureInstalled(): Promise<string>;
  /** Client version, e.g. `v1.32.4`. */
  version(signal?: AbortSignal): Promise<string>;
  /** `kubectl --context C apply --server-side --field-manager=k3d-mesh [-n NS] -f -`; returns kubectl's output lines. */
  apply(args: ApplyArgs, signal?: AbortSignal): Promise<string[]>;
  /** `kubectl --context C wait --for=condition=Established crd/NAME... --timeout=Ns`. */
  waitEstablished(args: { context: string; crds: string[]; timeoutSeconds: number }, signal?: AbortSignal): Promise<void>;
  /** `kubectl --context C -n NS rollout status KIND/NAME --timeout=Ns`. */
  rolloutStatus(
    args: { context: string; namespace: string; kind: string; name: string; timeoutSeconds: number },
    signal?: AbortSignal,
  ): Promise<void>;
  /** `kubectl --context C get RESOURCE [NAME] [-n NS | -A] [-l SEL] [--field-selector F] -o json`; undefined when NotFound. */
  getJson<T = unknown>(
    args: {
      context: string;
      resource: string;
      name?: string;
      namespace?: string;
      allNamespaces?: boolean;
      selector?: string;
      fieldSelector?: string;
    },
    signal?: AbortSignal,
  ): Promise<T | undefined>;
  /** The kubeconfig's current context, without changing it. */
  currentContext(signal?: AbortSignal): Promise<string | undefined>;
  /** Context names in the kubeconfig. */
  contexts(signal?: AbortSignal): Promise<string[]>;
}

export interface DockerInfo {
  serverVersion: string;
  /** Bytes of memory the engine can use. */
  memTotal: number;
  cpus: number;
}

export interface DockerAdapter {
  ensureInstalled(): Promise<string>;
  /** `docker info`; a MeshError saying how to start docker when the daemon is not reachable. */
  info(signal?: AbortSignal): Promise<DockerInfo>;
  networkExists(name: string, signal?: AbortSignal): Promise<boolean>;
  /** `docker network create --label dev.k3d-mesh.network=true NAME`: mesh's own, so `mesh down` may remove it. */
  networkCreate(name: string, signal?: AbortSignal): Promise<void>;
  /** Removes a network mesh created and nothing uses any more; otherwise says why it stays. */
  networkRemove(name: string, signal?: AbortSignal): Promise<'removed' | 'absent' | 'not-mesh' | 'in-use'>;
}

/** mesh's server-side apply field manager, so its fields are told apart from kubectl's and others'. */
export const FIELD_MANAGER = 'k3d-mesh';
