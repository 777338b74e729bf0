import { defineConfig, mkIstioBase, mkIstioGateway, mkIstiod } from 'k3d-mesh';

// The benchmark's subject: the three Istio charts, as three plain `helm template` calls render them.
export default defineConfig({
  packages: {
    'istio-base': mkIstioBase(),
    istiod: mkIstiod(),
    'istio-ingressgateway': mkIstioGateway(),
  },
});
