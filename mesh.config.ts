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

// The stack the Nix flake modelled: one k3d cluster with Istio, an
// application chart, and a Percona XtraDB Cluster in cluster-b reachable from
// here as pxc-source.cluster-b.global:3306.
export default defineConfig({
  clusters: {
    'cluster-a': mkClusterConfig({ servers: 1, agents: 1 }),
  },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    'istio-istiod': mkIstiod({
      values: { pilot: { resources: { requests: { cpu: '500m', memory: '2Gi' } } } },
    }),
    'istio-gateway': mkIstioGateway({ name: 'istio-ingressgateway' }),
    'my-chart': mkHelmChart({ name: 'my-chart', chart: './charts/my-chart', namespace: 'default' }),
    'pxc-remote': mkPXCServiceEntry({
      name: 'pxc-source',
      namespace: 'default',
      remoteClusterName: 'cluster-b',
      remoteEndpoints: [{ address: '172.18.0.5', port: 3306 }],
    }),
  },
});
