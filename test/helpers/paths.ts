import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** The project root, found from this file so tests run the same from any working directory. */
export const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** Real upstream charts and schemas, shared between checkouts and never copied into the project. */
export const testdataDir = resolve(projectRoot, '../shared/testdata');

/** The Istio 1.30.3 charts `base`, `istiod` and `gateway`, unpacked. */
export const istioChartsDir = join(testdataDir, 'istio-1.30.3');

/** The same charts packaged, with a Helm repository index.yaml to serve over HTTP. */
export const istioRepoDir = join(testdataDir, 'istio-1.30.3-repo');

/** Real upstream charts (Percona, cert-manager, kube-prometheus-stack, bitnami) with a Helm repository index.yaml. */
export const chartsRepoDir = join(testdataDir, 'charts-repo');

export const k3dSchemaPath = join(testdataDir, 'k3d', 'config-v1alpha5.schema.json');

/** Where tests keep what is worth reusing between runs, such as the extracted helm. */
export const testCacheDir = join(projectRoot, 'node_modules', '.cache', 'k3d-mesh-test');
