import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { projectRoot } from '../helpers/paths.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig, SEARCH_PLACES } from '../../config/find.js';
import { cleanUpProjects, configError, load, project, write } from '../helpers/config-project.js';

cleanUpProjects();

/** One config in each format, each naming a different Istio version so the loaded one shows. */
const CONFIGS: Record<string, string> = {
  'mesh.config.ts': "export default { istio: { version: '0.0.1' as string } };\n",
  'mesh.config.mts': "export default { istio: { version: '0.0.2' } } as const;\n",
  'mesh.config.js': "export default { istio: { version: '0.0.3' } };\n",
  'mesh.config.mjs': "export default { istio: { version: '0.0.4' } };\n",
  'mesh.config.cjs': "module.exports = { istio: { version: '0.0.5' } };\n",
  'mesh.config.json': '{ "istio": { "version": "0.0.6" } }\n',
  'mesh.config.yaml': 'istio:\n  version: 0.0.7\n',
  'mesh.config.yml': "istio:\n  version: '0.0.8'\n",
  'package.json': '{"name":"fixture","mesh":{"istio":{"version":"0.0.9"}}}\n',
};

describe('findConfig and loadConfig find a config', () => {
  it.each(Object.entries(CONFIGS))('reads %s', async (name, text) => {
    const dir = project({ [name]: text });
    const loaded = await load(dir);
    expect(loaded.shown).toBe(name);
    expect(loaded.model.istio.version).toBe(`0.0.${Object.keys(CONFIGS).indexOf(name) + 1}`);
    expect(loaded.model.istio.origin.version).toBe('config');
  });

  it('prefers the files in SEARCH_PLACES order', async () => {
    expect(Object.keys(CONFIGS)).toEqual([...SEARCH_PLACES]);
    const dir = project(CONFIGS);
    for (const name of SEARCH_PLACES) {
      expect((await findConfig(dir, undefined)).file).toBe(join(dir, name));
      // The fixture's own package.json is the last candidate; keep it so the search stops here.
      if (name !== 'package.json') rmSync(join(dir, name));
    }
  });

  it('finds mesh.config.ts in the working folder without loading cosmiconfig, and other configs with it', () => {
    const loaded = (dir: string) =>
      execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `import { createRequire } from 'node:module';
const { findConfig } = await import(${JSON.stringify(join(projectRoot, 'dist', 'config', 'find.js'))});
const found = await findConfig(${JSON.stringify(dir)}, undefined);
const modules = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify({ found, cosmiconfig: modules.some((m) => m.includes('/cosmiconfig/')) }));`,
        ],
        { encoding: 'utf8' },
      );
    const usual = project({ 'mesh.config.ts': CONFIGS['mesh.config.ts']!, 'package.json': CONFIGS['package.json']! });
    expect(JSON.parse(loaded(usual))).toEqual({
      found: { file: join(usual, 'mesh.config.ts'), absent: [], watched: [] },
      cosmiconfig: false,
    });
    const other = project({ 'mesh.config.yaml': CONFIGS['mesh.config.yaml']! });
    expect(JSON.parse(loaded(other))).toMatchObject({ found: { file: join(other, 'mesh.config.yaml') }, cosmiconfig: true });
  });

  it('skips a package.json without a "mesh" key', async () => {
    const dir = project({ 'package.json': '{"name":"x"}', 'mesh.config.yml': 'istio: {}\n' });
    expect((await findConfig(dir, undefined)).file).toBe(join(dir, 'mesh.config.yml'));
  });

  it('searches up from a subdirectory to the folder holding package.json', async () => {
    const dir = project({ 'mesh.config.json': '{}', 'a/b/.keep': '' });
    const found = await findConfig(join(dir, 'a', 'b'), undefined);
    expect(found.file).toBe(join(dir, 'mesh.config.json'));
    // Every candidate in a/b and a comes first, and would win if it appeared.
    expect(found.absent).toContain(join(dir, 'a', 'b', 'mesh.config.ts'));
    expect(found.absent).toContain(join(dir, 'a', 'mesh.config.yml'));
    // package.json comes after mesh.config.json in its folder, so a "mesh" key there could not win.
    expect(found.watched).toEqual([]);
  });

  it('stops at the nearest package.json and never reads a config above it', async () => {
    const dir = project({ 'mesh.config.json': '{}', 'app/package.json': '{}', 'app/src/.keep': '' });
    const error = await configError(findConfig(join(dir, 'app', 'src'), undefined));
    expect(error.message).toBe(`no mesh config found in ${join(dir, 'app', 'src')}, ${join(dir, 'app')}`);
    expect(error.exitCode).toBe(2);
  });

  it('treats a package.yaml as the project root too, as cosmiconfig does', async () => {
    const dir = project({ 'mesh.config.json': '{}', 'app/package.yaml': 'name: app\n' }, { packageJson: false });
    const error = await configError(findConfig(join(dir, 'app'), undefined));
    expect(error.message).toBe(`no mesh config found in ${join(dir, 'app')}`);
  });

  it('lists the folders searched and, in the hint, the file names', async () => {
    const dir = project({ 'sub/.keep': '' });
    const error = await configError(load(join(dir, 'sub')));
    expect(error.message).toBe(`no mesh config found in ${join(dir, 'sub')}, ${dir}`);
    expect(error.hint).toContain(`Looked for: ${SEARCH_PLACES.join(', ')}`);
    expect(error.hint).toContain('--config PATH');
  });

  it('finds a mesh.config.json whatever its keys, "$import" included, so validation can speak', async () => {
    const dir = project({ 'mesh.config.json': '{ "$import": "missing.json" }' });
    const error = await configError(load(dir));
    expect(error.message).toBe(
      'mesh.config.json has a problem:\n  $import: unknown field; allowed: istio, clusters, packages, deploy, wait, gitops, registry',
    );
  });
});

describe('--config', () => {
  it('overrides the search, relative to the working directory', async () => {
    const dir = project({ 'mesh.config.ts': CONFIGS['mesh.config.ts']!, 'other/dev.yaml': 'istio:\n  version: 9.9.9\n' });
    const loaded = await load(dir, { configPath: 'other/dev.yaml' });
    expect(loaded.shown).toBe(join('other', 'dev.yaml'));
    expect(loaded.model.istio.version).toBe('9.9.9');
  });

  it('is a ConfigError naming the path when the file is missing', async () => {
    const dir = project({ 'mesh.config.ts': CONFIGS['mesh.config.ts']! });
    const error = await configError(load(dir, { configPath: 'nope/mesh.config.ts' }));
    expect(error.message).toBe(`--config nope/mesh.config.ts: no such file (looked for ${join(dir, 'nope', 'mesh.config.ts')})`);
  });

  it('refuses a folder', async () => {
    const dir = project({ 'configs/.keep': '' });
    write(dir, { 'mesh.config.json': '{}' });
    const error = await configError(load(dir, { configPath: 'configs' }));
    expect(error.message).toMatch(/^--config configs: no such file/);
  });
});
