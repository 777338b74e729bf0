import type { ClusterModel } from '../model/model.js';
import { namedConfig } from '../render/output/cluster-files.js';

/** The k3d config a cluster is created with: exactly what `result/<cluster>/k3d-config.yaml` holds. */
export async function k3dConfigYaml(cluster: ClusterModel): Promise<string> {
  const { toYaml } = await import('../yaml/write.js');
  return toYaml(namedConfig(cluster.name, cluster.config));
}
