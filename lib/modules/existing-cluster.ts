import { z } from 'zod';

/**
 * A cluster mesh does not create: a context of a kubeconfig (EKS, GKE, AKS,
 * or any other), which `clusters` can name instead of a k3d config. mesh
 * checks it answers and what it may do there, deploys and verifies as on
 * k3d, and on `mesh down` removes what it applied, never the cluster.
 */
export const existingClusterSchema = z.strictObject({
  type: z.literal('existing-cluster'),
  /** The kubeconfig context to use; mesh never switches the current one. */
  context: z.string().min(1),
  /** A kubeconfig file of its own; default: KUBECONFIG, else ~/.kube/config. Relative to the config's folder. */
  kubeconfig: z.string().min(1).optional(),
});

export type ExistingCluster = z.output<typeof existingClusterSchema>;
export type ExistingClusterInput = Omit<ExistingCluster, 'type'>;

/** An existing cluster, by its kubeconfig context: `clusters: { prod: mkExistingCluster({ context: 'prod-eks' }) }`. */
export function mkExistingCluster(input: ExistingClusterInput): ExistingCluster {
  return { type: 'existing-cluster', ...input };
}

export function isExistingCluster(entry: unknown): entry is { type: 'existing-cluster' } {
  return typeof entry === 'object' && entry !== null && (entry as { type?: unknown }).type === 'existing-cluster';
}
