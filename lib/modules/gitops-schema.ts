import { z } from 'zod';

/**
 * The config's `gitops` block: where `mesh render --format argocd|flux`
 * says the exported folders live, so the engine that syncs them can find
 * them. The type, the unknown-field check and the validation of the block.
 */
const str = z.string().min(1);

export const gitopsSchema = z.strictObject({
  /** The Git repository the exported folder is committed to (Argo CD's `repoURL`). */
  repo: str.optional(),
  /** Branch, tag or commit the engine follows; default `HEAD`. */
  revision: str.optional(),
  /** The exported folder's path inside that repository; default: the `--out` folder, relative to the Git checkout it sits in. */
  path: z.string().optional(),
  argocd: z
    .strictObject({
      /** Where Argo CD runs and its Applications live; default `argocd`. */
      namespace: str.optional(),
      /** The AppProject; default `default`. */
      project: str.optional(),
      /** mesh cluster -> the cluster's name in Argo CD; default: the same name. `in-cluster` is Argo CD's own cluster. */
      destinations: z.record(z.string(), str).optional(),
    })
    .optional(),
  flux: z
    .strictObject({
      /** Where Flux runs and its Kustomizations live; default `flux-system`. */
      namespace: str.optional(),
      /** The source the Kustomizations read; default the GitRepository `flux-system` that `flux bootstrap` makes. */
      source: z
        .strictObject({ kind: z.enum(['GitRepository', 'OCIRepository', 'Bucket']).optional(), name: str, namespace: str.optional() })
        .optional(),
      /** How often Flux reconciles; default `10m`. */
      interval: str.optional(),
    })
    .optional(),
});

export type GitopsConfig = z.output<typeof gitopsSchema>;
