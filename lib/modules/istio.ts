import { DEFAULT_ISTIO_NAMESPACE } from '../model/defaults.js';
import { onlyKnown } from './fields.js';
import type { HelmChart, KubernetesObject } from './types.js';
import type { IstioBaseValues, IstioGatewayValues, IstiodValues } from './istio-values.js';

export interface NamespaceInput {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A Namespace object, e.g. `mkNamespace({ name: 'apps', labels: { 'istio-injection': 'enabled' } })`. */
export function mkNamespace(input: NamespaceInput): KubernetesObject {
  onlyKnown('mkNamespace', input, ['name', 'labels', 'annotations']);
  const metadata: KubernetesObject['metadata'] = { name: input.name };
  if (input.labels !== undefined) metadata.labels = input.labels;
  if (input.annotations !== undefined) metadata.annotations = input.annotations;
  return { apiVersion: 'v1', kind: 'Namespace', metadata };
}

export interface IstioChartInput<V> {
  /** The release name. */
  name?: string;
  /** Default: `istio-system`. */
  namespace?: string;
  /** Default: the config's `istio.version` (or `MESH_ISTIO_VERSION`). */
  version?: string;
  /** Default: the config's `istio.repo` (or `MESH_ISTIO_REPO`). */
  repo?: string;
  /** Overrides merged over the chart's defaults; nothing else is set. */
  values?: V;
}

/** Istio's `base` chart: the CRDs and cluster-wide resources. Release `istio-base`. */
export function mkIstioBase(input: IstioChartInput<IstioBaseValues> = {}): HelmChart<IstioBaseValues> {
  return istioChart('mkIstioBase', 'base', 'istio-base', input);
}

/** Istio's control plane, chart `istiod`. Release `istiod`. */
export function mkIstiod(input: IstioChartInput<IstiodValues> = {}): HelmChart<IstiodValues> {
  return istioChart('mkIstiod', 'istiod', 'istiod', input);
}

/** An Istio gateway, chart `gateway`. The release name is the gateway's name. */
export function mkIstioGateway(input: IstioChartInput<IstioGatewayValues> = {}): HelmChart<IstioGatewayValues> {
  return istioChart('mkIstioGateway', 'gateway', 'istio-ingressgateway', input);
}

const ROLES = { mkIstioBase: 'base', mkIstiod: 'istiod', mkIstioGateway: 'gateway' } as const;

function istioChart<V extends Record<string, unknown>>(
  fn: keyof typeof ROLES,
  chart: string,
  release: string,
  input: IstioChartInput<V>,
): HelmChart<V> {
  onlyKnown(fn, input, ['name', 'namespace', 'version', 'repo', 'values']);
  const role = ROLES[fn];
  const spec: HelmChart<V> = {
    type: 'helm-chart',
    istio: role,
    name: input.name ?? release,
    chart,
    namespace: input.namespace ?? DEFAULT_ISTIO_NAMESPACE,
    values: input.values ?? ({} as V),
  };
  // Left unset on purpose: the config's istio.version / istio.repo fill them.
  if (input.version !== undefined) spec.version = input.version;
  if (input.repo !== undefined) spec.repo = input.repo;
  return spec;
}
