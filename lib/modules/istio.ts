import { z } from 'zod';
import { DEFAULT_ISTIO_NAMESPACE } from '../model/defaults.js';
import { checkedInput, dnsLabel } from './fields.js';
import { withNeeds } from './needs.js';
import { needsSchema } from './needs-schema.js';
import type { HelmChart } from './helm.js';
import type { IstioBaseValues, IstioGatewayValues, IstiodValues } from './istio-values.js';
import type { KubernetesObject } from './types.js';

/** What `mkNamespace` takes. */
export const namespaceInputSchema = z.strictObject({
  name: dnsLabel,
  labels: z.record(z.string(), z.string()).optional(),
  annotations: z.record(z.string(), z.string()).optional(),
  needs: needsSchema,
});

export type NamespaceInput = z.input<typeof namespaceInputSchema>;

/** A Namespace object, e.g. `mkNamespace({ name: 'apps', labels: { 'istio-injection': 'enabled' } })`. */
export function mkNamespace(input: NamespaceInput): KubernetesObject {
  checkedInput('mkNamespace', input, namespaceInputSchema);
  const metadata: KubernetesObject['metadata'] = { name: input.name };
  if (input.labels !== undefined) metadata.labels = input.labels;
  if (input.annotations !== undefined) metadata.annotations = input.annotations;
  return withNeeds('mkNamespace', { apiVersion: 'v1', kind: 'Namespace', metadata }, input.needs);
}

/** What `mkIstioBase`, `mkIstiod` and `mkIstioGateway` take; `values` is typed per chart. */
export const istioChartInputSchema = z.strictObject({
  /** The release name. */
  name: z.string().optional(),
  /** Default: `istio-system`. */
  namespace: dnsLabel.optional(),
  /** Default: the config's `istio.version` (or `MESH_ISTIO_VERSION`). */
  version: z.string().optional(),
  /** Default: the config's `istio.repo` (or `MESH_ISTIO_REPO`). */
  repo: z.string().optional(),
  /** Overrides merged over the chart's defaults; nothing else is set. */
  values: z.record(z.string(), z.unknown()).optional(),
  /** YAML values files, relative to the config's folder, given to helm in order (`-f`) before `values`. */
  valuesFiles: z.array(z.string().min(1)).optional(),
  needs: needsSchema,
});

export type IstioChartInput<V> = Omit<z.input<typeof istioChartInputSchema>, 'values'> & { values?: V };

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
  checkedInput(fn, input, istioChartInputSchema);
  const spec: HelmChart<V> = {
    type: 'helm-chart',
    istio: ROLES[fn],
    name: input.name ?? release,
    chart,
    namespace: input.namespace ?? DEFAULT_ISTIO_NAMESPACE,
    values: input.values ?? ({} as V),
  };
  // Left unset on purpose: the config's istio.version / istio.repo fill them.
  if (input.version !== undefined) spec.version = input.version;
  if (input.repo !== undefined) spec.repo = input.repo;
  if (input.needs !== undefined) spec.needs = input.needs;
  if (input.valuesFiles !== undefined) spec.valuesFiles = input.valuesFiles;
  return spec;
}
