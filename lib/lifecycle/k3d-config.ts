import type { K3dClusterModel } from '../model/model.js';
import { namedConfig } from '../render/output/cluster-files.js';

/**
 * The k3d config a cluster is created with: what `result/<cluster>/k3d-config.yaml`
 * holds, except that k3d leaves the kubeconfig alone (see kubeconfig.ts: mesh
 * writes the context itself, one cluster at a time).
 */
export async function k3dConfigYaml(cluster: K3dClusterModel): Promise<string> {
  const { toYaml } = await import('../yaml/write.js');
  const named = namedConfig(cluster.name, cluster.config);
  const options = named.options ?? {};
  const kubeconfig = { ...options.kubeconfig, updateDefaultKubeconfig: false, switchCurrentContext: false };
  return toYaml({ ...named, options: { ...options, kubeconfig } });
}
