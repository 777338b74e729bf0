import { defineConfig, mkClusterConfig, mkIstioBase, mkIstioGateway, mkIstiod, mkNamespace, mkPXCServiceEntry } from 'k3d-mesh';

// Two clusters on one docker network, each with its own Istio. A Percona
// XtraDB Cluster runs in cluster-b; cluster-a reaches it as
// pxc.cluster-b.global:3306 through a ServiceEntry.

// cluster-b's node address on mesh-net and the NodePort its PXC service
// listens on. Docker picks the address when cluster-b starts, so the default
// is only a placeholder; README.md shows how to find the real one.
const pxcAddress = process.env.PXC_B_ADDRESS ?? '172.28.0.3';
const pxcPort = Number(process.env.PXC_B_PORT ?? '30306');

const istio = ['istio-system', 'istio-base', 'istiod', 'istio-gateway'];

export default defineConfig({
  clusters: {
    // Both keep the default host ports; mesh moves the second to 8080/8443.
    'cluster-a': mkClusterConfig({ network: 'mesh-net' }),
    'cluster-b': mkClusterConfig({ network: 'mesh-net' }),
  },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    // mesh turns istiod's DNS capture on, since the config has a ServiceEntry,
    // and gives the TCP entry an address of its own (README: "Names only a
    // ServiceEntry knows").
    istiod: mkIstiod(),
    'istio-gateway': mkIstioGateway(),
    'pxc-remote': mkPXCServiceEntry({
      name: 'pxc',
      namespace: 'default',
      remoteClusterName: 'cluster-b',
      remoteEndpoints: [{ address: pxcAddress, port: pxcPort }],
    }),
  },
  // cluster-b hosts PXC itself, so only cluster-a gets the ServiceEntry.
  deploy: {
    'cluster-a': [...istio, 'pxc-remote'],
    'cluster-b': istio,
  },
});
