import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/validate.js';
import { ConfigError } from '../../lib/errors.js';
import { mkClusterConfig, mkHelmChart, mkIstiod, mkNamespace } from '../../index.js';

/** The problem lines validateConfig reports for `config`, without the header. */
function problems(config: unknown): string[] {
  const error = refusal(config);
  return error.message
    .split('\n')
    .slice(1)
    .map((line) => line.trim());
}

function refusal(config: unknown, shown = 'mesh.config.ts'): ConfigError {
  try {
    validateConfig(config, shown);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected validateConfig to refuse the config');
}

describe('validateConfig, the whole config', () => {
  it('reports every problem at once, under a header naming the file', () => {
    const error = refusal({ pakages: {}, istio: { version: 130 }, clusters: { Dev: mkClusterConfig() } }, 'conf/mesh.config.ts');
    expect(error.message).toBe(
      [
        'conf/mesh.config.ts has 3 problems:',
        '  istio.version: expected a string, found number 130',
        '  pakages: unknown field; did you mean "packages"?',
        '  clusters.Dev: cluster name "Dev" must be a DNS-1123 label: lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 32 characters; try "dev"',
      ].join('\n'),
    );
    expect(error.hint).toBe('fix them in conf/mesh.config.ts');
    expect(error.exitCode).toBe(2);
  });

  it('says "a problem" and "fix it" for one', () => {
    const error = refusal({ istio: { rep: 'https://x' } });
    expect(error.message).toBe('mesh.config.ts has a problem:\n  istio.rep: unknown field; did you mean "repo"?');
    expect(error.hint).toBe('fix it in mesh.config.ts');
  });

  it('lists the allowed fields when nothing is close', () => {
    expect(problems({ zzzzzz: 1 })).toEqual(['zzzzzz: unknown field; allowed: istio, clusters, packages, deploy, wait, gitops, registry']);
  });

  it('reports packages, clusters and deploy that are not objects once, not once per character', () => {
    expect(problems({ packages: 'abc', clusters: [mkClusterConfig()], deploy: ['dev'] })).toEqual([
      'clusters: expected an object, found a list',
      'packages: expected an object, found string "abc"',
      'deploy: expected an object, found a list',
    ]);
  });

  it('accepts an empty config', () => {
    expect(validateConfig({}, 'mesh.config.ts')).toEqual({ istio: {}, clusters: [], packages: [], deploy: {}, gitops: {} });
  });
});

describe('target and cluster names', () => {
  it('refuses a target name that is not a DNS label, suggesting one', () => {
    expect(problems({ packages: { My_Chart: mkHelmChart({ name: 'my-chart', chart: './c' }) } })).toEqual([
      'packages.My_Chart: target name "My_Chart" must be a DNS-1123 label: lowercase letters, digits and \'-\', starting and ending with a letter or digit, at most 63 characters; try "my-chart"',
    ]);
  });

  it('caps cluster names at 32 characters, as k3d does', () => {
    const long = 'c'.repeat(33);
    expect(problems({ clusters: { [long]: mkClusterConfig(), ['d'.repeat(32)]: mkClusterConfig() } })).toEqual([
      `clusters.${long}: cluster name "${long}" must be a DNS-1123 label: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 32 characters; try "${'c'.repeat(32)}"`,
    ]);
  });

  it('refuses a cluster and a target with the same name', () => {
    expect(problems({ clusters: { dev: mkClusterConfig() }, packages: { dev: mkNamespace({ name: 'dev' }) } })).toEqual([
      'packages.dev: "dev" is also a cluster name; clusters are build targets too, so give one of them another name',
    ]);
  });
});

describe('deploy', () => {
  const clusters = { east: mkClusterConfig(), west: mkClusterConfig() };

  it('names unknown clusters and targets with a did-you-mean', () => {
    expect(problems({ clusters, packages: { istiod: mkIstiod() }, deploy: { eats: ['istiod'], west: ['istio'] } })).toEqual([
      'deploy.eats: no cluster "eats" in clusters; did you mean "east"?',
      'deploy.west[0]: no target "istio" in packages; did you mean "istiod"?',
    ]);
  });

  it('lists the known names when none is close', () => {
    expect(problems({ clusters, packages: { istiod: mkIstiod() }, deploy: { production: ['gateway-north'] } })).toEqual([
      'deploy.production: no cluster "production" in clusters; known: east, west',
      'deploy.production[0]: no target "gateway-north" in packages; known: istiod',
    ]);
  });

  it('does not call a target missing because it has a problem of its own', () => {
    // What a JavaScript or JSON config can say, which the types would stop in TypeScript.
    const packages = { istiod: mkIstiod({ values: { pilot: 'big' as never } }) };
    expect(problems({ clusters, packages, deploy: { east: ['istiod'] } })).toEqual([
      'packages.istiod.values.pilot: expected an object, found string "big"',
    ]);
  });

  it('wants a list of target names per cluster', () => {
    expect(problems({ clusters, deploy: { east: 'istiod' } })).toEqual(['deploy.east: expected a list, found string "istiod"']);
  });
});
