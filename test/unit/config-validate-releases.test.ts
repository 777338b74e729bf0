import { describe, expect, it } from 'vitest';
import { mkClusterConfig, mkHelmChart, mkIstiod } from '../../index.js';
import { cleanUpProjects, configError, load, project, tsConfig } from '../helpers/config-project.js';
import { configProblems } from '../helpers/config-problems.js';

cleanUpProjects();

const problems = configProblems;

const clash = (target: string, release: string, namespace: string, other: string, cluster?: string) =>
  `packages.${target}.name: release "${release}" in namespace "${namespace}" is also packages.${other}'s${cluster ? ` in cluster "${cluster}"` : ''}; Helm keeps one release per name and namespace, so give one of them another name or namespace`;

describe('two charts with the same release name and namespace', () => {
  it('are refused, at the second, when there are no clusters', () => {
    expect(problems({ packages: { istiod: mkIstiod(), 'istiod-canary': mkIstiod({ values: { revision: 'canary' } }) } })).toEqual([
      clash('istiod-canary', 'istiod', 'istio-system', 'istiod'),
    ]);
  });

  it('are refused when a cluster gets both, naming the cluster', () => {
    const packages = { web: mkHelmChart({ name: 'web', chart: './web' }), 'web-v2': mkHelmChart({ name: 'web', chart: './web2' }) };
    expect(problems({ clusters: { east: mkClusterConfig(), west: mkClusterConfig() }, packages, deploy: { west: ['web'] } })).toEqual([
      clash('web-v2', 'web', 'default', 'web', 'east'),
    ]);
  });

  it('are fine when deploy sends them to different clusters', () => {
    const packages = { 'istiod-east': mkIstiod(), 'istiod-west': mkIstiod() };
    const clusters = { east: mkClusterConfig(), west: mkClusterConfig() };
    expect(problems({ clusters, packages, deploy: { east: ['istiod-east'], west: ['istiod-west'] } })).toEqual([]);
  });

  it('are fine in different namespaces, or under different release names', () => {
    const packages = {
      a: mkHelmChart({ name: 'web', chart: './web', namespace: 'team-a' }),
      b: mkHelmChart({ name: 'web', chart: './web', namespace: 'team-b' }),
      c: mkHelmChart({ name: 'web-c', chart: './web', namespace: 'team-a' }),
    };
    expect(problems({ packages })).toEqual([]);
  });

  it('are each reported once against the first of them', () => {
    const packages = { one: mkIstiod(), two: mkIstiod(), three: mkIstiod() };
    expect(problems({ packages })).toEqual([
      clash('two', 'istiod', 'istio-system', 'one'),
      clash('three', 'istiod', 'istio-system', 'one'),
    ]);
  });

  it('are refused in a TypeScript config file too', async () => {
    const dir = project({
      'mesh.config.ts': tsConfig(
        ['mkIstiod', 'mkClusterConfig'],
        "{ clusters: { dev: mkClusterConfig() }, packages: { a: mkIstiod(), b: mkIstiod({ namespace: 'istio-system' }) } }",
      ),
    });
    const error = await configError(load(dir));
    expect(error.message).toBe(`mesh.config.ts has a problem:\n  ${clash('b', 'istiod', 'istio-system', 'a', 'dev')}`);
  });
});
