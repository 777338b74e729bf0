import type { DockerAdapter } from './docker/types.js';
import type { K3dAdapter } from './k3d/types.js';
import type { KubectlAdapter } from './kubectl/types.js';

/**
 * The cluster tools a lifecycle task uses, made from the task's own runner so
 * --dry-run and --verbose reach every call. helm is apart: rendering uses it
 * without a cluster.
 */
export interface Tools {
  k3d: K3dAdapter;
  kubectl: KubectlAdapter;
  docker: DockerAdapter;
}
