import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectRoot } from './paths.js';

/**
 * A throwaway project folder, as a user's would look after
 * `npm install -D k3d-mesh`: a package.json, node_modules/k3d-mesh (a link to
 * this checkout), and the files given, e.g. `mesh.config.ts`.
 */
export function makeProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-project-'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'user-project', private: true, type: 'module' }, null, 2)}\n`);
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(projectRoot, join(dir, 'node_modules', 'k3d-mesh'), 'dir');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** A TS config importing the public API, with `body` as the object given to defineConfig. */
export function tsConfig(
  body: string,
  imports = 'defineConfig, mkClusterConfig, mkExistingCluster, mkHelmChart, mkIstioBase, mkIstiod, mkIstioGateway, mkNamespace, mkServiceEntry, mkPXCServiceEntry, mkClusterScript',
): string {
  return `import { ${imports} } from 'k3d-mesh';\n\nexport default defineConfig(${body});\n`;
}
