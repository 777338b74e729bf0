import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { change, cleanUpProjects, configError, load, project } from '../helpers/config-project.js';

cleanUpProjects();

/** loadConfig from `cwd` with a cache kept in the project. */
function cachedLoad(dir: string, cwd = dir, configPath?: string) {
  return load(cwd, { cacheDir: join(dir, '.cache'), ...(configPath === undefined ? {} : { configPath }) });
}

describe('the config memo and which config is found', () => {
  it('loads a higher-precedence config that appears beside the cached one', async () => {
    const dir = project({ 'mesh.config.yaml': 'istio:\n  version: 1.0.0\n' });
    expect((await cachedLoad(dir)).cached).toBe(false);
    expect((await cachedLoad(dir)).cached).toBe(true);
    change(join(dir, 'mesh.config.ts'), "export default { istio: { version: '2.0.0' } };\n");
    const again = await cachedLoad(dir);
    expect(again).toMatchObject({ cached: false, shown: 'mesh.config.ts', model: { istio: { version: '2.0.0' } } });
  });

  it('ignores a lower-precedence config that appears', async () => {
    const dir = project({ 'mesh.config.ts': "export default { istio: { version: '1.0.0' } };\n" });
    await cachedLoad(dir);
    change(join(dir, 'mesh.config.json'), '{ "istio": { "version": "2.0.0" } }');
    expect(await cachedLoad(dir)).toMatchObject({ cached: true, shown: 'mesh.config.ts', model: { istio: { version: '1.0.0' } } });
  });

  it('keeps mesh.config.ts when package.json gains a "mesh" key: the dedicated file wins', async () => {
    const dir = project({ 'mesh.config.ts': "export default { istio: { version: '1.0.0' } };\n" });
    await cachedLoad(dir);
    change(join(dir, 'package.json'), '{"name":"fixture","mesh":{"istio":{"version":"3.0.0"}}}\n');
    expect(await cachedLoad(dir)).toMatchObject({ cached: true, shown: 'mesh.config.ts', model: { istio: { version: '1.0.0' } } });
    rmSync(join(dir, 'mesh.config.ts'));
    expect(await cachedLoad(dir)).toMatchObject({ cached: false, shown: 'package.json', model: { istio: { version: '3.0.0' } } });
  });

  it('loads a config that appears in the subdirectory it runs from', async () => {
    const dir = project({ 'mesh.config.json': '{ "istio": { "version": "1.0.0" } }', 'app/.keep': '' });
    const cwd = join(dir, 'app');
    expect(await cachedLoad(dir, cwd)).toMatchObject({ shown: join('..', 'mesh.config.json'), model: { istio: { version: '1.0.0' } } });
    change(join(cwd, 'mesh.config.yml'), 'istio:\n  version: 4.0.0\n');
    expect(await cachedLoad(dir, cwd)).toMatchObject({ cached: false, shown: 'mesh.config.yml', model: { istio: { version: '4.0.0' } } });
  });

  it('re-reads an edited JSON config, and reports a config deleted since', async () => {
    const dir = project({ 'mesh.config.json': '{ "istio": { "version": "1.0.0" } }' });
    await cachedLoad(dir);
    change(join(dir, 'mesh.config.json'), '{ "istio": { "version": "1.0.1" } }');
    expect(await cachedLoad(dir)).toMatchObject({ cached: false, model: { istio: { version: '1.0.1' } } });
    rmSync(join(dir, 'mesh.config.json'));
    expect((await configError(cachedLoad(dir))).message).toBe(`no mesh config found in ${dir}`);
  });

  it('caches a --config file apart from the one the search finds', async () => {
    const dir = project({ 'mesh.config.json': '{ "istio": { "version": "1.0.0" } }', 'other.yaml': 'istio:\n  version: 5.0.0\n' });
    await cachedLoad(dir);
    await cachedLoad(dir, dir, 'other.yaml');
    expect(await cachedLoad(dir)).toMatchObject({ cached: true, model: { istio: { version: '1.0.0' } } });
    expect(await cachedLoad(dir, dir, 'other.yaml')).toMatchObject({
      cached: true,
      shown: 'other.yaml',
      model: { istio: { version: '5.0.0' } },
    });
  });

  it('reports a config with problems on every load, and loads it once fixed', async () => {
    const dir = project({ 'mesh.config.json': '{ "pakages": {} }' });
    await configError(cachedLoad(dir));
    const error = await configError(cachedLoad(dir));
    expect(error.message).toBe('mesh.config.json has a problem:\n  pakages: unknown field; did you mean "packages"?');
    change(join(dir, 'mesh.config.json'), '{ "packages": {} }');
    expect(await cachedLoad(dir)).toMatchObject({ cached: false, model: { targets: [] } });
  });
});
