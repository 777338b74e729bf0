/**
 * k3d-mesh's public API: what a `mesh.config.ts` imports. The mk* names are
 * those of the Nix flake mesh replaces, so its users find their way at once.
 * Everything here is pure: it builds data and starts nothing.
 */
import type { MeshConfig } from './lib/modules/types.js';

export { mkClusterConfig, mkClusterScript, type ClusterInput } from './lib/modules/k3d.js';
export { mkExistingCluster, type ExistingClusterInput } from './lib/modules/existing-cluster.js';
export { mkHelmChart, type HelmChartInput } from './lib/modules/helm.js';
export { mkIstioBase, mkIstioGateway, mkIstiod, mkNamespace, type IstioChartInput, type NamespaceInput } from './lib/modules/istio.js';
export { mkPXCServiceEntry, type PXCServiceEntryInput } from './lib/modules/pxc-service-entry.js';
export type { RemoteRefInput } from './lib/modules/remote-ref-schema.js';
export { mkServiceEntry, type ServiceEntryInput, type ServicePort, type WorkloadEntrySpec } from './lib/modules/service-entry.js';
export type * from './lib/modules/types.js';
export type * from './lib/modules/istio-values.js';
export type { GitopsConfig } from './lib/modules/gitops-schema.js';
export { DEFAULT_ISTIO_REPO, DEFAULT_ISTIO_VERSION, DEFAULT_K3S_IMAGE } from './lib/model/defaults.js';

/** Gives a config full typing and editor completion; returns it unchanged. */
export function defineConfig(config: MeshConfig): MeshConfig {
  return config;
}
