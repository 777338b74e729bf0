import {
  defineConfig,
  mkClusterConfig,
  mkHelmChart,
  mkIstioBase,
  mkIstioGateway,
  mkIstiod,
  mkNamespace,
  mkPXCServiceEntry,
} from 'k3d-mesh';

// The stack the Nix flake modelled: cluster-a with Istio and an application
// chart; a Percona XtraDB Cluster in cluster-b, reachable from cluster-a as
// pxc-source.cluster-b.global:3306, with no pxc.expose and no external IPs.

// Percona's Helm repository; PERCONA_CHARTS points at a mirror or a local copy.
const percona = process.env.PERCONA_CHARTS ?? 'https://percona.github.io/percona-helm-charts/';

export default defineConfig({
  clusters: {
    'cluster-a': mkClusterConfig({ servers: 1, agents: 1 }),
    'cluster-b': mkClusterConfig(),
  },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    'istio-istiod': mkIstiod({
      values: { pilot: { resources: { requests: { cpu: '500m', memory: '2Gi' } } } },
    }),
    'istio-gateway': mkIstioGateway({ name: 'istio-ingressgateway' }),
    'my-chart': mkHelmChart({ name: 'my-chart', chart: './charts/my-chart', namespace: 'default' }),
    'pxc-operator': mkHelmChart({ name: 'pxc-operator', chart: 'pxc-operator', repo: percona, version: '1.20.0', namespace: 'pxc' }),
    'pxc-db': mkHelmChart({
      name: 'pxc-db',
      chart: 'pxc-db',
      repo: percona,
      version: '1.20.0',
      namespace: 'pxc',
      needs: ['pxc-operator'],
      values: {
        pxc: { size: 1 },
        haproxy: { size: 1 },
        unsafeFlags: { pxcSize: true, proxySize: true },
        // The chart makes new TLS certificates on every render (helm template cannot look up the ones in the
        // cluster); naming the secrets leaves them to the operator, which makes them once and keeps them.
        secrets: { tls: { cluster: 'pxc-db-ssl', internal: 'pxc-db-ssl-internal' } },
      },
    }),
    'pxc-remote': mkPXCServiceEntry({
      name: 'pxc-source',
      namespace: 'default',
      remoteClusterName: 'cluster-b',
      source: { namespace: 'pxc', service: 'pxc-db-haproxy', expose: true },
    }),
  },
  deploy: {
    'cluster-a': ['istio-system', 'istio-base', 'istio-istiod', 'istio-gateway', 'my-chart', 'pxc-remote'],
    'cluster-b': ['pxc-operator', 'pxc-db'],
  },
});
