import { onlyKnown } from './fields.js';
import type { HelmChart, HelmValues } from './types.js';

export interface HelmChartInput<V extends HelmValues = HelmValues> {
  /** The release name, as in `helm template <name> <chart>`. */
  name: string;
  /** A chart name in `repo`, an `oci://` reference, or a local chart directory or .tgz. */
  chart: string;
  repo?: string;
  version?: string;
  /** Default: `default`, as Helm's. */
  namespace?: string;
  values?: V;
  includeCrds?: boolean;
  plainHttp?: boolean;
  kubeVersion?: string;
}

/**
 * Any Helm chart, rendered with the real `helm template` at render time.
 * Values are merged over the chart's defaults by Helm itself, so nothing the
 * caller did not give is changed.
 */
export function mkHelmChart<V extends HelmValues = HelmValues>(input: HelmChartInput<V>): HelmChart<V> {
  onlyKnown('mkHelmChart', input, ['name', 'chart', 'repo', 'version', 'namespace', 'values', 'includeCrds', 'plainHttp', 'kubeVersion']);
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
  return chart;
}

/** Where a chart comes from, told apart by the shape of `chart` and `repo`. */
export type ChartSourceKind = 'repo' | 'oci' | 'local';

export function chartSourceKind(chart: Pick<HelmChart, 'chart' | 'repo'>): ChartSourceKind {
  if (chart.chart.startsWith('oci://')) return 'oci';
  if (chart.repo !== undefined && chart.repo !== '') return 'repo';
  return 'local';
}
