// An import makes this file a module, so the block below extends vitest's types instead of replacing them.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A real helm v4 binary (MESH_HELM, else the bundled one). */
    helmPath: string;
    /** `http://127.0.0.1:PORT`: a Helm chart repository serving the Istio 1.30.3 charts. */
    istioRepoUrl: string;
    /** `127.0.0.1:PORT`: an OCI registry with the Istio 1.30.3 charts and the real upstream charts under `oci://<it>/charts/`. */
    ociRegistry: string;
    /** `http://127.0.0.1:PORT`: a Helm chart repository serving the real upstream charts of ../shared/testdata/charts-repo. */
    chartsRepoUrl: string;
  }
}
