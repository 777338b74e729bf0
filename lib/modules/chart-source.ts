import type { HelmChart } from './helm.js';

/** Where a chart comes from, told apart by the shape of `chart` and `repo`. */
export type ChartSourceKind = 'repo' | 'oci' | 'local';

export function chartSourceKind(chart: Pick<HelmChart, 'chart' | 'repo'>): ChartSourceKind {
  if (chart.chart.startsWith('oci://')) return 'oci';
  if (chart.repo !== undefined && chart.repo !== '') return 'repo';
  return 'local';
}
