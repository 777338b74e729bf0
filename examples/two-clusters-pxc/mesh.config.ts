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

// Two clusters, each its own Istio mesh. Percona's operator runs a Percona
// XtraDB Cluster in cluster-b; pods in cluster-a reach it as
// pxc-source.cluster-b.global:3306, with or without a sidecar.

// Percona's Helm repository; PERCONA_CHARTS points at a mirror or a local copy.
const percona = process.env.PERCONA_CHARTS ?? 'https://percona.github.io/percona-helm-charts/';

const istio = ['istio-system', 'istio-base', 'istiod', 'istio-gateway'];

export default defineConfig({
  clusters: {
    // No network named: clusters that reach each other's services share one
    // (mesh-net). Both keep the default host ports; mesh moves the second to 8080/8443.
    'cluster-a': mkClusterConfig(),
    'cluster-b': mkClusterConfig(),
  },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    // mesh turns DNS capture on here, since cluster-a gets a ServiceEntry.
    istiod: mkIstiod(),
    'istio-gateway': mkIstioGateway(),
    'pxc-operator': mkHelmChart({ name: 'pxc-operator', chart: 'pxc-operator', repo: percona, version: '1.20.0', namespace: 'pxc' }),
    'pxc-db': mkHelmChart({
      name: 'pxc-db',
      chart: 'pxc-db',
      repo: percona,
      version: '1.20.0',
      namespace: 'pxc',
      needs: ['pxc-operator'],
      // One MySQL and one HAProxy pod fit a laptop; Percona asks for unsafeFlags below 3 and 2.
      values: {
        pxc: { size: 1 },
        haproxy: { size: 1 },
        unsafeFlags: { pxcSize: true, proxySize: true },
        // The chart makes new TLS certificates on every render (helm template cannot look up the ones in the
        // cluster); naming the secrets leaves them to the operator, which makes them once and keeps them.
        secrets: { tls: { cluster: 'pxc-db-ssl', internal: 'pxc-db-ssl-internal' } },
      },
    }),
    // The flake's pxc-remote, without typed endpoints: mesh finds cluster-b's
    // node addresses and the port PXC's HAProxy answers on (exposing it with a
    // NodePort Service beside it) when it deploys cluster-a.
    'pxc-source': mkPXCServiceEntry({
      name: 'pxc-source',
      namespace: 'default',
      remoteClusterName: 'cluster-b',
      source: { namespace: 'pxc', service: 'pxc-db-haproxy', expose: true },
    }),
  },
  deploy: {
    'cluster-a': [...istio, 'pxc-source'],
    'cluster-b': ['pxc-operator', 'pxc-db'],
  },
});
