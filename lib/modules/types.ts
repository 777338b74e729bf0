import type { HelmChart } from './helm.js';
import type { K3dSimpleConfig } from './k3d-schema.js';
import type { GitopsConfig } from './gitops-schema.js';
import type { RegistryConfig } from './registry-schema.js';
import type { ExistingCluster } from './existing-cluster.js';

export type { HelmChart, HelmValues } from './helm.js';
export type { K3dSimpleConfig, NodeFiltered } from './k3d-schema.js';

/**
 * What the mk* functions return. Every value is plain data (no functions, no
 * classes), so a config written in JSON or YAML can say the same thing as one
 * written in TypeScript, and mesh can hash, print and compare it.
 */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** `result/<target>/bin/k3d-create` and `k3d-delete` for one cluster. */
export interface ClusterScript {
  type: 'k3d-script';
  /** A cluster of the config's `clusters`, by name, or a cluster config with `metadata.name`. */
  cluster: string | K3dSimpleConfig;
}

/** Anything that can sit under `packages`: its key is the build target's name. */
export type Package = HelmChart | ClusterScript | KubernetesObject | KubernetesObject[];

/** The whole of a mesh config: what `defineConfig` takes and `mesh.config.ts` exports. */
export interface MeshConfig {
  /** Defaults for the Istio helpers; `MESH_ISTIO_VERSION` and `MESH_ISTIO_REPO` override them. */
  istio?: { version?: string; repo?: string };
  /** Cluster name -> `mkClusterConfig({...})` (the key is the k3d cluster's name), or `mkExistingCluster({ context })`. */
  clusters?: Record<string, K3dSimpleConfig | ExistingCluster>;
  /** Target name -> any mk* result, as the flake's `packages`. */
  packages?: Record<string, Package>;
  /** Cluster name -> the targets it gets. A cluster left out gets every package. */
  deploy?: Record<string, string[]>;
  /** How long `mesh up` waits for each thing to be ready (`90s`, `5m`; default 5m); `--timeout` overrides it. */
  wait?: { timeout?: string | number };
  /** Where the folders `mesh render --format argocd|flux` writes are committed, for the engine that syncs them. */
  gitops?: GitopsConfig;
  /** One k3d-managed registry every k3d cluster pulls through: a pull-through cache of Docker Hub (or `proxy`). */
  registry?: RegistryConfig;
}

export function isHelmChart(pkg: Package): pkg is HelmChart {
  return !Array.isArray(pkg) && (pkg as { type?: unknown }).type === 'helm-chart';
}

export function isClusterScript(pkg: Package): pkg is ClusterScript {
  return !Array.isArray(pkg) && (pkg as { type?: unknown }).type === 'k3d-script';
}
