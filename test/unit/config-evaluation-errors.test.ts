import { describe, expect, it } from 'vitest';
import { cleanUpProjects, configError, load, project, tsConfig } from '../helpers/config-project.js';

cleanUpProjects();

async function failure(files: Record<string, string>) {
  return configError(load(project(files)));
}

describe('a config that throws while it is evaluated', () => {
  it('names the error and the line:col in the config', async () => {
    const error = await failure({
      'mesh.config.ts': "const version = '1.30.3';\nexport default {\n  istio: { version, repo: REPO_URL },\n};\n",
    });
    expect(error.message).toBe('mesh.config.ts:3:27: ReferenceError: REPO_URL is not defined');
    expect(error.hint).toBe('the config threw while it was evaluated; fix the code at that position');
    expect(error.cause).toBeInstanceOf(ReferenceError);
  });

  it('points into the imported file that threw, not at the import', async () => {
    const error = await failure({
      'mesh.config.mjs': "import { clusters } from './clusters.mjs';\nexport default { clusters };\n",
      'clusters.mjs': "export const clusters = {};\nJSON.parse('{');\n",
    });
    expect(error.message).toMatch(/^clusters\.mjs:2:\d+: SyntaxError: Expected property name or '}' in JSON at position 1/);
  });

  it("blames the config line that called an mk* function, not mesh's own code", async () => {
    const body = "{\n  packages: {\n    pxc: mkPXCServiceEntry({ name: 'pxc', remoteClusterName: 'b' } as never),\n  },\n}";
    const error = await failure({ 'mesh.config.ts': tsConfig(['mkPXCServiceEntry'], body) });
    expect(error.message).toMatch(/^mesh\.config\.ts:5:\d+: mkPXCServiceEntry\(\) pxc: needs remoteEndpoints or source$/);
  });

  it('says what a thrown non-Error was', async () => {
    const error = await failure({ 'mesh.config.js': "throw 'no clusters for you';\n" });
    expect(error.message).toBe('mesh.config.js: no clusters for you');
  });
});

describe('a config that exports no object', () => {
  const expected = (found: string) =>
    `mesh.config.ts: the config must export an object (export default defineConfig({...})), found ${found}`;

  it('refuses a function', async () => {
    const error = await failure({ 'mesh.config.ts': 'export default () => ({ clusters: {} });\n' });
    expect(error.message).toBe(expected('a function'));
    expect(error.hint).toBe('see README, "The config"');
  });

  it('refuses a file that exports nothing', async () => {
    const error = await failure({ 'mesh.config.ts': 'const config = { clusters: {} };\n' });
    expect(error.message).toBe(expected('nothing'));
  });

  it('refuses named exports without a default', async () => {
    const error = await failure({ 'mesh.config.ts': 'export const clusters = {};\nexport const packages = {};\n' });
    expect(error.message).toBe(expected('nothing'));
  });

  it('refuses a default export of null or a string', async () => {
    expect((await failure({ 'mesh.config.ts': 'export default null;\n' })).message).toBe(expected('null'));
    expect((await failure({ 'mesh.config.ts': "export default 'clusters';\n" })).message).toBe(expected('string "clusters"'));
  });

  it('refuses a list in a YAML config, and an empty package.json "mesh" key given with --config', async () => {
    const yaml = await failure({ 'mesh.config.yaml': '- clusters\n' });
    expect(yaml.message).toBe('mesh.config.yaml: the config must export an object (export default defineConfig({...})), found a list');
    const dir = project({ 'package.json': '{"name":"x"}' });
    const pkg = await configError(load(dir, { configPath: 'package.json' }));
    expect(pkg.message).toBe('package.json: the config must export an object (export default defineConfig({...})), found nothing');
  });
});

describe('a config that exports an object', () => {
  it('takes a CommonJS module.exports', async () => {
    const dir = project({ 'mesh.config.cjs': "module.exports = { istio: { version: '1.2.3' } };\n" });
    expect((await load(dir)).model.istio.version).toBe('1.2.3');
  });

  it('takes what a default-exported promise resolves to, and reports what it rejects with', async () => {
    const dir = project({ 'mesh.config.mjs': "export default (async () => ({ istio: { version: '7.0.0' } }))();\n" });
    expect((await load(dir)).model.istio.version).toBe('7.0.0');
    const error = await failure({ 'mesh.config.mjs': "export default (async () => {\n  throw new TypeError('no network');\n})();\n" });
    expect(error.message).toBe('mesh.config.mjs:2:9: TypeError: no network');
  });

  it('takes a default export that comes from an imported file', async () => {
    const dir = project({
      'mesh.config.ts': "import config from './base.ts';\nexport default config;\n",
      'base.ts': "export default { istio: { version: '4.5.6' } };\n",
    });
    expect((await load(dir)).model.istio.version).toBe('4.5.6');
  });
});
