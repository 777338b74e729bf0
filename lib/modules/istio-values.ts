import { z } from 'zod';

/**
 * Typed subsets of the Istio charts' values, for editor completion and for
 * checking the fields people set most. Every level stays open (unknown keys
 * pass) because the charts accept far more than is listed here; Helm checks
 * the rest against the chart itself at render time. The types below are
 * read off these schemas, so the two cannot drift.
 */

const str = z.string();
const strings = z.record(str, str);
const quantity = z.union([str, z.number()]);
const quantities = z.object({ cpu: quantity.optional(), memory: quantity.optional() }).catchall(quantity.optional());

const resourcesSchema = z.looseObject({ requests: quantities.optional(), limits: quantities.optional() });

const globalSchema = z.looseObject({
  hub: str.optional(),
  tag: str.optional(),
  variant: str.optional(),
  istioNamespace: str.optional(),
  meshID: str.optional(),
  network: str.optional(),
  multiCluster: z.looseObject({ clusterName: str.optional(), enabled: z.boolean().optional() }).optional(),
  proxy: z.looseObject({ resources: resourcesSchema.optional(), logLevel: str.optional() }).optional(),
  defaultResources: resourcesSchema.optional(),
  imagePullPolicy: str.optional(),
  imagePullSecrets: z.array(str).optional(),
  logging: z.object({ level: str.optional() }).optional(),
});

const pilotSchema = z.looseObject({
  resources: resourcesSchema.optional(),
  autoscaleEnabled: z.boolean().optional(),
  autoscaleMin: z.number().int().optional(),
  autoscaleMax: z.number().int().optional(),
  replicaCount: z.number().int().optional(),
  env: strings.optional(),
  nodeSelector: strings.optional(),
  podAnnotations: strings.optional(),
  traceSampling: z.number().optional(),
});

const baseValuesSchema = z.looseObject({ global: globalSchema.optional(), defaultRevision: str.optional(), profile: str.optional() });

const istiodValuesSchema = z.looseObject({
  /** The control plane's own settings; the chart also accepts them at top level. */
  pilot: pilotSchema.optional(),
  resources: resourcesSchema.optional(),
  autoscaleEnabled: z.boolean().optional(),
  replicaCount: z.number().int().optional(),
  revision: str.optional(),
  profile: str.optional(),
  meshConfig: z
    .looseObject({
      accessLogFile: str.optional(),
      enableTracing: z.boolean().optional(),
      defaultConfig: z.record(str, z.unknown()).optional(),
      outboundTrafficPolicy: z.object({ mode: z.enum(['ALLOW_ANY', 'REGISTRY_ONLY']).optional() }).optional(),
    })
    .optional(),
  global: globalSchema.optional(),
  sidecarInjectorWebhook: z.looseObject({ enableNamespacesByDefault: z.boolean().optional() }).optional(),
});

const gatewayPortSchema = z.looseObject({
  name: str,
  port: z.number().int(),
  protocol: str.optional(),
  targetPort: z.number().int().optional(),
  nodePort: z.number().int().optional(),
});

const gatewayValuesSchema = z.looseObject({
  /** The gateway's name; the release name when left out. */
  name: str.optional(),
  replicaCount: z.number().int().optional(),
  kind: z.enum(['Deployment', 'DaemonSet']).optional(),
  service: z
    .looseObject({
      type: z.enum(['LoadBalancer', 'NodePort', 'ClusterIP']).optional(),
      ports: z.array(gatewayPortSchema).optional(),
      annotations: strings.optional(),
      loadBalancerIP: str.optional(),
    })
    .optional(),
  resources: resourcesSchema.optional(),
  autoscaling: z
    .looseObject({ enabled: z.boolean().optional(), minReplicas: z.number().int().optional(), maxReplicas: z.number().int().optional() })
    .optional(),
  labels: strings.optional(),
  annotations: strings.optional(),
  networkGateway: str.optional(),
});

/** Each Istio chart's values schema, by the chart's role. */
export const istioValuesSchemas = { base: baseValuesSchema, istiod: istiodValuesSchema, gateway: gatewayValuesSchema };

export type ResourceRequirements = z.input<typeof resourcesSchema>;
export type IstioGlobalValues = z.input<typeof globalSchema>;
export type IstioBaseValues = z.input<typeof baseValuesSchema>;
export type IstiodPilotValues = z.input<typeof pilotSchema>;
export type IstiodValues = z.input<typeof istiodValuesSchema>;
export type IstioGatewayValues = z.input<typeof gatewayValuesSchema>;
