import { ConfigError } from '../errors.js';
import type { RegistryConfig } from '../modules/registry-schema.js';
import type { K3dSimpleConfig } from '../modules/types.js';

/** The registry every k3d cluster pulls through, as mesh runs it. */
export interface RegistryModel {
  /** `k3d registry create <name>`. */
  name: string;
  /** Its container, and its name on the clusters' docker networks. */
  host: string;
  hostPort: number;
  proxy: string;
  /** The registry host the clusters' containerd sends to it: `docker.io` for Docker Hub. */
  mirrors: string;
}

/** Port the registry listens on inside the docker network. */
const INTERNAL_PORT = 5000;

export function registryModel(config: RegistryConfig | undefined): RegistryModel | undefined {
  if (config === undefined) return undefined;
  const name = config.name ?? 'mesh-cache';
  const proxy = config.proxy ?? 'https://registry-1.docker.io';
  const remote = new URL(proxy).host;
  // containerd names Docker Hub docker.io, whatever host serves it.
  const mirrors = remote === 'registry-1.docker.io' || remote === 'index.docker.io' ? 'docker.io' : remote;
  return { name, host: `k3d-${name}`, hostPort: config.hostPort ?? 5001, proxy, mirrors };
}

/**
 * A k3d cluster config that pulls through the registry: the registry in
 * `registries.use` (k3d connects it to the cluster's network) and a k3s
 * `registries.yaml` that mirrors the cached registry to it. k3d's own mirror
 * for a proxy is keyed by the remote URL, which containerd never asks for.
 */
export function withRegistry(cluster: string, config: K3dSimpleConfig, registry: RegistryModel | undefined): K3dSimpleConfig {
  if (registry === undefined) return config;
  if (config.registries?.config !== undefined) {
    throw new ConfigError(`clusters.${cluster}.registries.config is set, and so is the config's registry, whose mirror mesh writes there`, {
      hint: 'drop one of them, or mirror the registry in your own registries.config and leave the registry block out',
    });
  }
  const use = `${registry.host}:${INTERNAL_PORT}`;
  const mirror = `mirrors:\n  ${JSON.stringify(registry.mirrors)}:\n    endpoint:\n      - http://${use}\n`;
  const registries = { ...config.registries, use: [...new Set([...(config.registries?.use ?? []), use])], config: mirror };
  return { ...config, registries };
}
