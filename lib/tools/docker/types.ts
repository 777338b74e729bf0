/** What mesh asks of docker; the adapter beside this file is the real one. */

export interface DockerInfo {
  serverVersion: string;
  /** Bytes of memory the engine can use. */
  memTotal: number;
  cpus: number;
  /** Rootless docker (or podman without root): host ports below net.ipv4.ip_unprivileged_port_start cannot be published. */
  rootless: boolean;
}

export interface DockerAdapter {
  ensureInstalled(): Promise<string>;
  /** `docker info`; a MeshError saying how to start docker when the daemon is not reachable. */
  info(signal?: AbortSignal): Promise<DockerInfo>;
  networkExists(name: string, signal?: AbortSignal): Promise<boolean>;
  /** The image reference a container was created from (`Config.Image`); undefined when there is no such container. */
  containerImage(name: string, signal?: AbortSignal): Promise<string | undefined>;
  /** `docker network create --label dev.k3d-mesh.network=true NAME`: mesh's own, so `mesh down` may remove it. */
  networkCreate(name: string, signal?: AbortSignal): Promise<void>;
  /** Removes a network mesh created and nothing uses any more; otherwise says why it stays. */
  networkRemove(name: string, signal?: AbortSignal): Promise<'removed' | 'absent' | 'not-mesh' | 'in-use'>;
  /** Running containers on a network and their IPv4 addresses (`docker network inspect`); empty without the network. */
  networkMembers(name: string, signal?: AbortSignal): Promise<Array<{ name: string; address: string }>>;
  /** `docker pull IMAGE`: into the host's engine, once, for `k3d image import` to copy into clusters. */
  pull(image: string, signal?: AbortSignal): Promise<void>;
}
