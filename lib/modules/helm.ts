import { z } from 'zod';
import { onlyKnown } from './fields.js';
import { needsSchema } from './needs-schema.js';

export interface HelmValues {
  [key: string]: unknown;
}

/** What `mkHelmChart` takes: the one list of its fields, for its type, its field check and config validation. */
export const helmChartInputSchema = z.strictObject({
  /** The release name, as in `helm template <name> <chart>`. */
  name: z.string().min(1),
  /** A chart name in `repo`, an `oci://` reference, or a local chart directory or .tgz. */
  chart: z.string().min(1),
  /** An http(s) chart repository URL; not used for `oci://` or local charts. */
  repo: z.string().optional(),
  /** An exact version or a range; left out means the newest, recorded in the lock file on first render. */
  version: z.string().min(1).optional(),
  /** Default: `default`, as Helm's. */
  namespace: z.string().min(1).optional(),
  /** Merged over the chart's own defaults, exactly as `helm template -f` does, after `valuesFiles`. */
  values: z.record(z.string(), z.unknown()).optional(),
  /** YAML values files, relative to the config's folder, given to helm in order (`-f`) before `values`. */
  valuesFiles: z.array(z.string().min(1)).optional(),
  /** Include the chart's `crds/` folder in the output (default true, so `kubectl apply` gets them). */
  includeCrds: z.boolean().optional(),
  /** Talk plain HTTP to an OCI registry (a local registry without TLS). */
  plainHttp: z.boolean().optional(),
  /** The Kubernetes version charts see as `.Capabilities.KubeVersion`. */
  kubeVersion: z.string().optional(),
  /** API versions helm is told the cluster serves (`--api-versions`), for objects a chart gates on `.Capabilities.APIVersions`. */
  apiVersions: z.array(z.string().min(1)).optional(),
  /** Targets applied before this one (its CRDs' chart, say), in the same cluster. */
  needs: needsSchema,
});

/** What an mk* chart helper returns, as the config's `packages` hold it. */
export const helmChartSchema = helmChartInputSchema.extend({
  type: z.literal('helm-chart'),
  namespace: z.string().min(1),
  values: z.record(z.string(), z.unknown()),
  /** Set by the Istio helpers: the chart follows the config's `istio.version` and `istio.repo`. */
  istio: z.enum(['base', 'istiod', 'gateway']).optional(),
});

export type HelmChartInput<V extends HelmValues = HelmValues> = Omit<z.input<typeof helmChartInputSchema>, 'values'> & { values?: V };

/** A Helm chart to render with `helm template`: from a repo, an OCI registry or a local path. */
export type HelmChart<V extends HelmValues = HelmValues> = Omit<z.output<typeof helmChartSchema>, 'values'> & { values: V };

/**
 * Any Helm chart, rendered with the real `helm template` at render time.
 * Values are merged over the chart's defaults by Helm itself, so nothing the
 * caller did not give is changed.
 */
export function mkHelmChart<V extends HelmValues = HelmValues>(input: HelmChartInput<V>): HelmChart<V> {
  onlyKnown('mkHelmChart', input, helmChartInputSchema);
  const chart: HelmChart<V> = {
    type: 'helm-chart',
    name: input.name,
    chart: input.chart,
    namespace: input.namespace ?? 'default',
    values: input.values ?? ({} as V),
  };
  if (input.repo !== undefined) chart.repo = input.repo;
  if (input.version !== undefined) chart.version = input.version;
  if (input.includeCrds !== undefined) chart.includeCrds = input.includeCrds;
  if (input.plainHttp !== undefined) chart.plainHttp = input.plainHttp;
  if (input.kubeVersion !== undefined) chart.kubeVersion = input.kubeVersion;
  if (input.needs !== undefined) chart.needs = input.needs;
  if (input.apiVersions !== undefined) chart.apiVersions = input.apiVersions;
  if (input.valuesFiles !== undefined) chart.valuesFiles = input.valuesFiles;
  return chart;
}
