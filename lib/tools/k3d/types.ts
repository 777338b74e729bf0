/** What mesh asks of k3d; the adapter beside this file is the real one. */

/** One cluster as `k3d cluster list -o json` describes it. */
export interface K3dCluster {
  name: string;
  serversCount: number;
  serversRunning: number;
  agentsCount: number;
  agentsRunning: number;
  hasLoadbalancer: boolean;
  /** The image of its server nodes as k3d lists it: usually docker's image ID (`sha256:…`), not the reference. */
  image: string | undefined;
  /** The container of its first server node, whose config names the image it was created from. */
  serverNode: string | undefined;
  /** The docker network its nodes are on. */
  network: string | undefined;
  /** Host port mappings of every node (the load balancer's, and `:direct` ones on servers and agents), as `HOST:CONTAINER`, sorted. */
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
  /** `k3d kubeconfig merge NAME --kubeconfig-merge-default --kubeconfig-switch-context=BOOL`: the cluster's context into the default kubeconfig. */
  mergeKubeconfig(name: string, switchContext: boolean, signal?: AbortSignal): Promise<void>;
  /** Exits 0 for a cluster that does not exist, as k3d does. */
  delete(name: string, signal?: AbortSignal): Promise<void>;
  /** `k3d image import IMAGE... --cluster NAME`: images of the host's docker engine into every node of the cluster. */
  importImages(name: string, images: readonly string[], signal?: AbortSignal): Promise<void>;
  /** `k3d registry list -o json`: the registries' container names (`k3d-<name>`). */
  registries(signal?: AbortSignal): Promise<string[]>;
  /** `k3d registry create NAME --port HOSTPORT --proxy-remote-url URL --no-help`. */
  createRegistry(args: { name: string; hostPort: number; proxy: string }, signal?: AbortSignal): Promise<void>;
}
