import { describe, expect, it } from 'vitest';
import { clusterImages, distinctImages } from '../../lib/images/cluster-images.js';
import { sidecarImage } from '../../lib/images/sidecar-image.js';
import { toYamlStream } from '../../lib/yaml/write.js';

const injector = (global: object) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'istio-sidecar-injector' },
  data: { values: JSON.stringify({ global }) },
});

describe('the images a cluster will run', () => {
  it('reads every pod template: init containers first, CronJobs’ nested one, and leaves test hooks out', () => {
    const text = toYamlStream([
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly' },
        spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'run', image: 'busybox:1.36' }] } } } } },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db' },
        spec: {
          template: { spec: { initContainers: [{ name: 'init', image: 'alpine:3' }], containers: [{ name: 'db', image: 'postgres:17' }] } },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 't', annotations: { 'helm.sh/hook': 'test' } },
        spec: { containers: [{ name: 't', image: 'curl:8' }] },
      },
    ]);
    const [found] = clusterImages([{ name: 'c', targets: ['app'] }], new Map([['app', text]]));
    expect(found!.targets[0]!.images.map((i) => `${i.source} ${i.image} ${i.object}/${i.where}`)).toEqual([
      'container busybox:1.36 CronJob/nightly/run',
      'init-container alpine:3 StatefulSet/db/init',
      'container postgres:17 StatefulSet/db/db',
    ]);
    expect(distinctImages([found!])).toEqual(['alpine:3', 'busybox:1.36', 'postgres:17']);
  });

  it('works out the injected proxy as istiod does: a full reference as is, else hub/image:tag with the variant', () => {
    expect(sidecarImage([injector({ hub: 'docker.io/istio', tag: '1.30.3', proxy: { image: 'proxyv2' } })])).toBe(
      'docker.io/istio/proxyv2:1.30.3',
    );
    expect(sidecarImage([injector({ hub: 'docker.io/istio', tag: '1.30.3', variant: 'distroless', proxy: { image: 'proxyv2' } })])).toBe(
      'docker.io/istio/proxyv2:1.30.3-distroless',
    );
    expect(sidecarImage([injector({ hub: 'x', tag: 'y', proxy: { image: 'mirror.example/istio/proxyv2:1.30.3' } })])).toBe(
      'mirror.example/istio/proxyv2:1.30.3',
    );
    expect(
      sidecarImage([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-sidecar-injector' }, data: { values: '{' } }]),
    ).toBeUndefined();
  });

  it('takes image fields of custom resources, but not templates or the word auto', () => {
    const text = toYamlStream([
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'Prometheus',
        metadata: { name: 'p' },
        spec: { image: 'quay.io/prometheus/prometheus:v3.1.0', sidecars: [{ image: '{{ .Image }}' }, { image: 'auto' }] },
      },
    ]);
    const [found] = clusterImages([{ name: 'c', targets: ['mon'] }], new Map([['mon', text]]));
    expect(found!.targets[0]!.images).toEqual([
      { image: 'quay.io/prometheus/prometheus:v3.1.0', object: 'Prometheus/p', where: 'spec.image', source: 'custom-resource' },
    ]);
  });
});
