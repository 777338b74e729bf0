import { defineConfig, mkClusterConfig, mkHelmChart, mkIstioBase, mkIstioGateway, mkIstiod, mkNamespace } from 'k3d-mesh';

// Istio plus an application of your own, from a chart folder next to this
// file. A relative chart path is read from the config's folder, wherever
// mesh is run from.
export default defineConfig({
  clusters: {
    apps: mkClusterConfig(),
  },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    istiod: mkIstiod(),
    'istio-gateway': mkIstioGateway(),
    // The label makes istiod inject a sidecar into every pod of the namespace.
    'apps-namespace': mkNamespace({ name: 'apps', labels: { 'istio-injection': 'enabled' } }),
    echo: mkHelmChart({
      name: 'echo',
      chart: './charts/echo',
      namespace: 'apps',
      // Merged over charts/echo/values.yaml by Helm; everything else keeps the chart's value.
      values: { replicaCount: 2, message: 'hello from the mesh' },
    }),
  },
});
