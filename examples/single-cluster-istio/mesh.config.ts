import { defineConfig, mkClusterConfig, mkIstioBase, mkIstioGateway, mkIstiod, mkNamespace } from 'k3d-mesh';

// One k3d cluster with Istio's control plane and an ingress gateway. The
// gateway runs in its own namespace, as Istio recommends, so it can be
// upgraded and secured apart from istiod.
export default defineConfig({
  clusters: {
    dev: mkClusterConfig({ agents: 1 }),
  },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    istiod: mkIstiod(),
    'istio-ingress': mkNamespace({ name: 'istio-ingress' }),
    'istio-gateway': mkIstioGateway({ namespace: 'istio-ingress' }),
  },
});
