import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createJiti } from 'jiti';
import type { MeshConfig } from '../../lib/modules/types.js';
import { projectRoot } from './paths.js';

export interface ExampleConfig {
  /** The config file relative to the project root, e.g. `examples/custom-chart/mesh.config.ts`. */
  file: string;
  config: MeshConfig;
}

/** The project's own mesh.config.ts and every examples/<name>/mesh.config.ts. */
export function exampleConfigFiles(): string[] {
  const examples = join(projectRoot, 'examples');
  const files = readdirSync(examples, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(examples, entry.name, 'mesh.config.ts'))
    .filter((file) => existsSync(file))
    .sort();
  return [join(projectRoot, 'mesh.config.ts'), ...files];
}

/**
 * Evaluates the configs as mesh does, through jiti, with 'k3d-mesh' mapped
 * to the sources (as tsconfig.json maps it) rather than to a possibly stale
 * dist/ build.
 */
export async function loadExampleConfigs(): Promise<ExampleConfig[]> {
  const jiti = createJiti(import.meta.url, {
    alias: { 'k3d-mesh': join(projectRoot, 'index.ts') },
    moduleCache: false,
    fsCache: false,
    interopDefault: true,
  });
  const out: ExampleConfig[] = [];
  for (const file of exampleConfigFiles()) {
    const config = await jiti.import<MeshConfig>(file, { default: true });
    out.push({ file: relative(projectRoot, file), config });
  }
  return out;
}
