/**
 * Typed subsets of the Istio charts' values, for editor completion on the
 * fields people set most. Every level stays open (`[key: string]: unknown`)
 * because the charts accept far more than is listed here; Helm validates the
 * rest against the chart itself at render time.
 */

export interface ResourceRequirements {
  requests?: { cpu?: string | number; memory?: string; [resource: string]: string | number | undefined };
  limits?: { cpu?: string | number; memory?: string; [resource: string]: string | number | undefined };
}

export interface IstioGlobalValues {
  hub?: string;
  tag?: string;
  variant?: string;
  istioNamespace?: string;
  meshID?: string;
  network?: string;
  multiCluster?: { clusterName?: string; enabled?: boolean; [key: string]: unknown };
  proxy?: { resources?: ResourceRequirements; logLevel?: string; [key: string]: unknown };
  defaultResources?: ResourceRequirements;
  imagePullPolicy?: string;
  imagePullSecrets?: string[];
  logging?: { level?: string };
  [key: string]: unknown;
}

export interface IstioBaseValues {
  global?: IstioGlobalValues;
  defaultRevision?: string;
  profile?: string;
  [key: string]: unknown;
}

export interface IstiodPilotValues {
  resources?: ResourceRequirements;
  autoscaleEnabled?: boolean;
  autoscaleMin?: number;
  autoscaleMax?: number;
  replicaCount?: number;
  env?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  traceSampling?: number;
  [key: string]: unknown;
}

export interface IstiodValues {
  /** The control plane's own settings; the chart also accepts them at top level. */
  pilot?: IstiodPilotValues;
  resources?: ResourceRequirements;
  autoscaleEnabled?: boolean;
  replicaCount?: number;
  revision?: string;
  profile?: string;
  meshConfig?: {
    accessLogFile?: string;
    enableTracing?: boolean;
    defaultConfig?: Record<string, unknown>;
    outboundTrafficPolicy?: { mode?: 'ALLOW_ANY' | 'REGISTRY_ONLY' };
    [key: string]: unknown;
  };
  global?: IstioGlobalValues;
  sidecarInjectorWebhook?: { enableNamespacesByDefault?: boolean; [key: string]: unknown };
  [key: string]: unknown;
}

export interface IstioGatewayValues {
  /** The gateway's name; the release name when left out. */
  name?: string;
  replicaCount?: number;
  kind?: 'Deployment' | 'DaemonSet';
  service?: {
    type?: 'LoadBalancer' | 'NodePort' | 'ClusterIP';
    ports?: Array<{ name: string; port: number; protocol?: string; targetPort?: number; nodePort?: number }>;
    annotations?: Record<string, string>;
    loadBalancerIP?: string;
    [key: string]: unknown;
  };
  resources?: ResourceRequirements;
  autoscaling?: { enabled?: boolean; minReplicas?: number; maxReplicas?: number; [key: string]: unknown };
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  networkGateway?: string;
  [key: string]: unknown;
}
