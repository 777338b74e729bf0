import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ISTIO_REPO, DEFAULT_ISTIO_VERSION } from '../../lib/model/defaults.js';
import type { ChartTarget } from '../../lib/model/targets.js';
import { cleanUpProjects, configError, load, project, tsConfig } from '../helpers/config-project.js';

cleanUpProjects();

const YAML = 'istio:\n  version: 1.1.1\n  repo: https://config.example.com/charts\n';

describe('.env and --env-file', () => {
  it('loads .env from the working directory into the environment the config sees', async () => {
    const env: NodeJS.ProcessEnv = {};
    const dir = project({ 'mesh.config.yaml': YAML, '.env': 'MESH_ISTIO_VERSION=2.2.2\nOTHER="quoted value"\n' });
    const { model } = await load(dir, { env });
    expect(model.istio).toMatchObject({ version: '2.2.2', origin: { version: 'env', repo: 'config' } });
    expect(env).toEqual({ MESH_ISTIO_VERSION: '2.2.2', OTHER: 'quoted value' });
  });

  it('never overrides a variable that is already set', async () => {
    const env: NodeJS.ProcessEnv = { MESH_ISTIO_VERSION: '3.3.3' };
    const dir = project({ 'mesh.config.yaml': YAML, '.env': 'MESH_ISTIO_VERSION=2.2.2\n' });
    expect((await load(dir, { env })).model.istio.version).toBe('3.3.3');
    expect(env.MESH_ISTIO_VERSION).toBe('3.3.3');
  });

  it('reads .env from the working directory only, not the config folder above it', async () => {
    const dir = project({ 'mesh.config.yaml': YAML, '.env': 'MESH_ISTIO_VERSION=2.2.2\n', 'sub/.keep': '' });
    expect((await load(join(dir, 'sub'))).model.istio.version).toBe('1.1.1');
  });

  it('reads --env-file instead, relative to the working directory', async () => {
    const dir = project({ 'mesh.config.yaml': YAML, '.env': 'MESH_ISTIO_VERSION=2.2.2\n', 'ci.env': 'MESH_ISTIO_VERSION=4.4.4\n' });
    expect((await load(dir, { envFile: 'ci.env' })).model.istio.version).toBe('4.4.4');
  });

  it('is a ConfigError when --env-file is missing', async () => {
    const dir = project({ 'mesh.config.yaml': YAML });
    const error = await configError(load(dir, { envFile: 'missing.env' }));
    expect(error.message).toBe(`--env-file missing.env: no such file (looked for ${join(dir, 'missing.env')})`);
    expect(error.hint).toBe('check the path, or leave --env-file out to read .env');
  });

  it('gives a TypeScript config .env values as process.env', async () => {
    const dir = project({
      'mesh.config.ts': "export default { istio: { version: process.env.PINNED_ISTIO ?? 'unset' } };\n",
      '.env': 'PINNED_ISTIO=5.5.5\n',
    });
    const { model } = await load(dir, { env: {} });
    expect(model.istio).toMatchObject({ version: '5.5.5', origin: { version: 'config' } });
    expect(process.env.PINNED_ISTIO).toBeUndefined();
  });
});

describe('Istio version and repo: flag > environment > config > default', () => {
  const env = { MESH_ISTIO_VERSION: '2.2.2', MESH_ISTIO_REPO: 'https://env.example.com/charts/' };
  const flags = { istioVersion: '9.9.9', istioRepo: 'https://flag.example.com/charts' };

  it.each([
    ['default', 'istio: {}\n', {}, {}, DEFAULT_ISTIO_VERSION, DEFAULT_ISTIO_REPO],
    ['config', YAML, {}, {}, '1.1.1', 'https://config.example.com/charts'],
    ['env', YAML, env, {}, '2.2.2', 'https://env.example.com/charts'],
    ['flag', YAML, env, flags, '9.9.9', 'https://flag.example.com/charts'],
  ] as const)('takes the %s when it is the highest given', async (origin, yaml, vars, overrides, version, repo) => {
    const { model } = await load(project({ 'mesh.config.yaml': yaml }), { env: { ...vars }, overrides });
    expect(model.istio).toEqual({ version, repo, origin: { version: origin, repo: origin } });
  });

  it('decides version and repo separately', async () => {
    const { model } = await load(project({ 'mesh.config.yaml': YAML }), {
      env: { MESH_ISTIO_REPO: env.MESH_ISTIO_REPO },
      overrides: { istioVersion: '9.9.9' },
    });
    expect(model.istio.origin).toEqual({ version: 'flag', repo: 'env' });
  });

  it('fills the Istio charts from it, except a version written on the chart itself', async () => {
    const body =
      "{ packages: { base: mkIstioBase(), istiod: mkIstiod({ version: '1.28.0' }), web: mkHelmChart({ name: 'web', chart: './web' }) } }";
    const dir = project({ 'mesh.config.ts': tsConfig(['mkIstioBase', 'mkIstiod', 'mkHelmChart'], body) });
    const { model } = await load(dir, { env: { ...env }, overrides: flags });
    const chart = (name: string) => (model.targets.find((t) => t.name === name) as ChartTarget).chart;
    expect(chart('base')).toMatchObject({ version: '9.9.9', repo: 'https://flag.example.com/charts' });
    expect(chart('istiod')).toMatchObject({ version: '1.28.0', repo: 'https://flag.example.com/charts' });
    expect(chart('web').version).toBeUndefined();
    expect(chart('web').repo).toBeUndefined();
  });
});
