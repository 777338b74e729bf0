import { z } from 'zod';

/**
 * The config's shape, checked before anything runs. Objects are strict so a
 * misspelt field is refused (with a did-you-mean) rather than ignored.
 * Mirrors lib/modules/types.ts; k3d parts mirror k3d's own v1alpha5 schema.
 */

const str = z.string();
const nodeFilters = z.array(str).optional();
const filtered = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ ...shape, nodeFilters });
const labelled = z.record(str, str);

export const clusterSchema = z.strictObject({
  apiVersion: z.literal('k3d.io/v1alpha5'),
  kind: z.literal('Simple'),
  metadata: z.strictObject({ name: str.optional() }).optional(),
  servers: z.number().int().min(1).optional(),
  agents: z.number().int().min(0).optional(),
  kubeAPI: z.strictObject({ host: str.optional(), hostIP: str.optional(), hostPort: str.optional() }).optional(),
  image: str.optional(),
  network: str.optional(),
  subnet: str.optional(),
  token: str.optional(),
  volumes: z.array(filtered({ volume: str.optional() })).optional(),
  ports: z.array(filtered({ port: str.optional() })).optional(),
  files: z.array(filtered({ source: str, destination: str, description: str.optional() })).optional(),
  options: z
    .strictObject({
      k3d: z
        .strictObject({
          wait: z.boolean().optional(),
          timeout: str.optional(),
          disableLoadbalancer: z.boolean().optional(),
          disableImageVolume: z.boolean().optional(),
          disableRollback: z.boolean().optional(),
          loadbalancer: z.strictObject({ configOverrides: z.array(str).optional() }).optional(),
        })
        .optional(),
      k3s: z
        .strictObject({
          extraArgs: z.array(filtered({ arg: str.optional() })).optional(),
          nodeLabels: z.array(filtered({ label: str.optional() })).optional(),
        })
        .optional(),
      kubeconfig: z
        .strictObject({ updateDefaultKubeconfig: z.boolean().optional(), switchCurrentContext: z.boolean().optional() })
        .optional(),
      runtime: z.looseObject({}).optional(),
    })
    .optional(),
  env: z.array(filtered({ envVar: str.optional() })).optional(),
  registries: z.strictObject({ create: z.looseObject({}).optional(), use: z.array(str).optional(), config: str.optional() }).optional(),
  hostAliases: z.array(z.strictObject({ ip: str.optional(), hostnames: z.array(str).optional() })).optional(),
});

const values = z.record(str, z.unknown());
const quantity = z.union([str, z.number()]);
const resources = z.looseObject({ requests: z.record(str, quantity).optional(), limits: z.record(str, quantity).optional() }).optional();
const globals = z.looseObject({ hub: str.optional(), tag: str.optional(), defaultResources: resources }).optional();

/** The fields of the Istio charts' values that mesh types; anything else passes to Helm. */
export const istioValuesSchemas = {
  base: z.looseObject({ global: globals, defaultRevision: str.optional(), profile: str.optional() }),
  istiod: z.looseObject({
    pilot: z
      .looseObject({
        resources,
        autoscaleEnabled: z.boolean().optional(),
        replicaCount: z.number().int().optional(),
        env: z.record(str, str).optional(),
      })
      .optional(),
    resources,
    replicaCount: z.number().int().optional(),
    revision: str.optional(),
    meshConfig: z.looseObject({}).optional(),
    global: globals,
  }),
  gateway: z.looseObject({
    name: str.optional(),
    replicaCount: z.number().int().optional(),
    service: z
      .looseObject({
        type: z.enum(['LoadBalancer', 'NodePort', 'ClusterIP']).optional(),
        ports: z.array(z.looseObject({ name: str, port: z.number().int() })).optional(),
      })
      .optional(),
    resources,
    labels: labelled.optional(),
  }),
};

export const helmChartSchema = z.strictObject({
  type: z.literal('helm-chart'),
  name: str.min(1),
  chart: str.min(1),
  repo: str.optional(),
  version: str.min(1).optional(),
  namespace: str.min(1),
  values,
  includeCrds: z.boolean().optional(),
  plainHttp: z.boolean().optional(),
  kubeVersion: str.optional(),
  istio: z.enum(['base', 'istiod', 'gateway']).optional(),
});

export const clusterScriptSchema = z.strictObject({
  type: z.literal('k3d-script'),
  cluster: z.union([str.min(1), z.looseObject({ metadata: z.looseObject({ name: str.optional() }).optional() })]),
});

export const objectSchema = z.looseObject({
  apiVersion: str.min(1),
  kind: str.min(1),
  metadata: z.looseObject({
    name: str.min(1),
    namespace: str.min(1).optional(),
    labels: labelled.optional(),
    annotations: labelled.optional(),
  }),
});

export const rootSchema = z.strictObject({
  istio: z.strictObject({ version: str.min(1).optional(), repo: str.min(1).optional() }).optional(),
  clusters: z.record(str, z.unknown()).optional(),
  packages: z.record(str, z.unknown()).optional(),
  deploy: z.record(str, z.array(str)).optional(),
  wait: z.strictObject({ timeout: z.union([str, z.number()]).optional() }).optional(),
});

export const PACKAGE_TYPES = ['helm-chart', 'k3d-script'] as const;
