import type { K3dSimpleConfig, Package } from '../modules/types.js';
import type { GitopsConfig } from '../modules/gitops-schema.js';
import type { RegistryConfig } from '../modules/registry-schema.js';

/**
 * A config that passed validation: what the model is built from. config/
 * produces it from the user's file; nothing here reads a file.
 */
export interface ValidConfig {
  istio: { version?: string; repo?: string };
  clusters: ValidCluster[];
  /** In the order the config declares them. */
  packages: Array<{ name: string; pkg: Package }>;
  deploy: Record<string, string[]>;
  /** Seconds, when the config sets `wait.timeout`. */
  waitSeconds?: number;
  gitops: GitopsConfig;
  registry?: RegistryConfig;
}

/** A cluster of the config: one mesh makes with k3d, or an existing one it reaches by a kubeconfig context. */
export type ValidCluster = ValidK3dCluster | ValidExistingCluster;

export interface ValidExistingCluster {
  kind: 'existing';
  name: string;
  context: string;
  /** A kubeconfig file of its own, as the config names it (relative to the config's folder). */
  kubeconfig?: string;
}

export interface ValidK3dCluster {
  kind: 'k3d';
  name: string;
  config: K3dSimpleConfig;
  /** Fields still at mesh's defaults (host ports a later cluster may move). */
  defaulted: readonly string[];
}
