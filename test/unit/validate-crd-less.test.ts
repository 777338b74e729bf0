import { describe, expect, it } from 'vitest';
import { crdLessWarnings } from '../../lib/render/validate/crd-less.js';
import type { ObjectRef } from '../../lib/render/validate/objects.js';

const ref = (target: string, apiVersion: string, kind: string, name = 'x'): ObjectRef => ({
  target,
  index: 0,
  object: { apiVersion, kind, metadata: { name } },
});
const crd = (group: string, kind: string) => ({ spec: { group, names: { kind } } });
const onDev = new Map([['ksm', 'dev']]);

describe('custom resources bound for a cluster mesh creates, whose kind no CRD of the render set defines', () => {
  it('are named once per target and kind, with the cluster, and counted', () => {
    const objects = [
      ref('ksm', 'monitoring.coreos.com/v1', 'ServiceMonitor', 'a'),
      ref('ksm', 'monitoring.coreos.com/v1', 'ServiceMonitor', 'b'),
      ref('ksm', 'monitoring.coreos.com/v1', 'PodMonitor'),
    ];
    expect(crdLessWarnings(objects, [], onDev)).toEqual([
      'ksm: 2 ServiceMonitors (monitoring.coreos.com/v1) go to cluster dev, which mesh creates, but no target brings the CRD of ServiceMonitor: ' +
        'not checked, and the apply would fail; add the chart that brings the CRD (mesh applies it first), or leave the object out',
      'ksm: a PodMonitor (monitoring.coreos.com/v1) goes to cluster dev, which mesh creates, but no target brings the CRD of PodMonitor: ' +
        'not checked, and the apply would fail; add the chart that brings the CRD (mesh applies it first), or leave the object out',
    ]);
  });

  it('leave out kinds a CRD of the set defines, built-in kinds, and the kinds k3s brings itself', () => {
    const objects = [
      ref('ksm', 'monitoring.coreos.com/v1', 'ServiceMonitor'),
      ref('ksm', 'apps/v1', 'Deployment'),
      ref('ksm', 'v1', 'ConfigMap'),
      ref('ksm', 'helm.cattle.io/v1', 'HelmChartConfig'),
    ];
    expect(crdLessWarnings(objects, [crd('monitoring.coreos.com', 'ServiceMonitor')], onDev)).toEqual([]);
  });

  it('say nothing of targets bound only for existing clusters, which may have the CRD', () => {
    expect(crdLessWarnings([ref('ksm', 'monitoring.coreos.com/v1', 'ServiceMonitor')], [], new Map())).toEqual([]);
  });

  it('match the CRD by group and kind: the same kind in another group is not defined by it', () => {
    const objects = [ref('ksm', 'example.com/v1', 'ServiceMonitor')];
    expect(crdLessWarnings(objects, [crd('monitoring.coreos.com', 'ServiceMonitor')], onDev)).toHaveLength(1);
  });
});
