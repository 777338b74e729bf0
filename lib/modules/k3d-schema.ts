import { z } from 'zod';
import { portSpecProblem } from './k3d-ports.js';

/**
 * k3d's `apiVersion: k3d.io/v1alpha5`, `kind: Simple` cluster config, after
 * k3d's own JSON schema (pkg/config/v1alpha5/schema.json): what
 * `mkClusterConfig` returns, what its input is made of, and what a config's
 * `clusters` entries are checked against. Objects k3d closes are strict, so a
 * misspelt field is refused with a did-you-mean instead of ignored.
 */

const str = z.string();
const nodeFilters = z.array(str).optional();
const filtered = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ ...shape, nodeFilters });

const k3dOptions = z.strictObject({
  wait: z.boolean().optional(),
  timeout: str.optional(),
  disableLoadbalancer: z.boolean().optional(),
  disableImageVolume: z.boolean().optional(),
  disableRollback: z.boolean().optional(),
  loadbalancer: z.strictObject({ configOverrides: z.array(str).optional() }).optional(),
});

// k3d leaves `runtime` open, so unknown keys pass here too.
const runtimeOptions = z.object({
  gpuRequest: str.optional(),
  serversMemory: str.optional(),
  agentsMemory: str.optional(),
  hostPidMode: z.boolean().optional(),
  labels: z.array(filtered({ label: str.optional() })).optional(),
  ulimits: z.array(z.strictObject({ name: str.optional(), soft: z.number().optional(), hard: z.number().optional() })).optional(),
});

const registryCreate = z.strictObject({
  name: str.optional(),
  host: str.optional(),
  hostPort: str.optional(),
  image: str.min(1).optional(),
  proxy: z.strictObject({ remoteURL: str.optional(), username: str.optional(), password: str.optional() }).optional(),
  volumes: z.array(str).optional(),
  enforcePortMatch: z.boolean().optional(),
});

export const clusterSchema = z.strictObject({
  apiVersion: z.literal('k3d.io/v1alpha5'),
  kind: z.literal('Simple'),
  metadata: z.strictObject({ name: str.optional() }).optional(),
  servers: z.number().int().min(1).optional(),
  agents: z.number().int().min(0).optional(),
  kubeAPI: z.strictObject({ host: str.optional(), hostIP: str.optional(), hostPort: str.optional() }).optional(),
  image: str.min(1).optional(),
  network: str.optional(),
  subnet: str.optional(),
  token: str.optional(),
  volumes: z.array(filtered({ volume: str.optional() })).optional(),
  ports: z
    .array(
      filtered({
        port: str.optional().superRefine((port, ctx) => {
          const problem = typeof port === 'string' ? portSpecProblem(port) : undefined;
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      }),
    )
    .optional(),
  files: z.array(filtered({ source: str, destination: str, description: str.optional() })).optional(),
  options: z
    .strictObject({
      k3d: k3dOptions.optional(),
      k3s: z
        .strictObject({
          extraArgs: z.array(filtered({ arg: str.optional() })).optional(),
          nodeLabels: z.array(filtered({ label: str.optional() })).optional(),
        })
        .optional(),
      kubeconfig: z
        .strictObject({ updateDefaultKubeconfig: z.boolean().optional(), switchCurrentContext: z.boolean().optional() })
        .optional(),
      runtime: runtimeOptions.optional(),
    })
    .optional(),
  env: z.array(filtered({ envVar: str.optional() })).optional(),
  registries: z.strictObject({ create: registryCreate.optional(), use: z.array(str).optional(), config: str.optional() }).optional(),
  hostAliases: z.array(z.strictObject({ ip: str.optional(), hostnames: z.array(str).optional() })).optional(),
});

/** k3d's `apiVersion: k3d.io/v1alpha5`, `kind: Simple` cluster config file. */
export type K3dSimpleConfig = z.output<typeof clusterSchema>;

export interface NodeFiltered {
  nodeFilters?: string[];
}
