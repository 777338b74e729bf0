import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as library from '../../index.js';
import { installedPackage, ownLibrary, runningPackage } from '../../config/own-library.js';
import { readConfig } from '../../config/read.js';
import { cleanUpProjects, project } from '../helpers/config-project.js';
import { makeProject } from '../helpers/project.js';
import { projectRoot } from '../helpers/paths.js';

cleanUpProjects();

const usesDefineConfig = "import { defineConfig } from 'k3d-mesh';\nexport default { defineConfig, value: defineConfig({ a: 1 }) };\n";

describe("a config's `import ... from 'k3d-mesh'`", () => {
  it('gets the library mesh itself runs when the project has this very install (here, linked)', async () => {
    const dir = makeProject({ 'mesh.config.ts': usesDefineConfig });
    expect(installedPackage(dir)).toBe(realpathSync(projectRoot));
    expect(runningPackage()).toBe(realpathSync(projectRoot));
    const { value, inputs } = await readConfig(join(dir, 'mesh.config.ts'), dir);
    // The same function object: no second copy of the library was loaded for the config.
    expect((value as { defineConfig: unknown }).defineConfig).toBe(library.defineConfig);
    expect((value as { value: unknown }).value).toEqual({ a: 1 });
    // The library's files were not read to evaluate the config.
    expect(inputs.files).toContain(join(dir, 'mesh.config.ts'));
    expect(inputs.files.filter((file) => file.startsWith(join(projectRoot, 'dist')))).toEqual([]);
  });

  it("leaves a project's other install of k3d-mesh to jiti, which loads that one", async () => {
    const dir = project({ 'mesh.config.ts': usesDefineConfig });
    const other = join(dir, 'node_modules', 'k3d-mesh');
    mkdirSync(other, { recursive: true });
    writeFileSync(join(other, 'package.json'), JSON.stringify({ name: 'k3d-mesh', type: 'module', exports: { '.': './index.js' } }));
    writeFileSync(join(other, 'index.js'), "export const defineConfig = (config) => ({ ...config, by: 'the other install' });\n");
    expect(installedPackage(dir)).toBe(realpathSync(other));
    expect(await ownLibrary(join(dir, 'mesh.config.ts'))).toEqual({});
    const { value } = await readConfig(join(dir, 'mesh.config.ts'), dir);
    expect((value as { value: unknown }).value).toEqual({ a: 1, by: 'the other install' });
  });

  it('finds the package from inside itself, as Node resolves a self-reference, and none where there is none', () => {
    expect(installedPackage(join(projectRoot, 'config'))).toBe(realpathSync(projectRoot));
    const dir = project({ 'package.json': JSON.stringify({ name: 'user-project' }) });
    expect(installedPackage(dir)).toBeUndefined();
  });
});
