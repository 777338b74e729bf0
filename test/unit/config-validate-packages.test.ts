import { describe, expect, it } from 'vitest';
import { mkClusterConfig, mkClusterScript, mkHelmChart, mkIstiod, mkServiceEntry } from '../../index.js';
import { cleanUpProjects, configError, load, project } from '../helpers/config-project.js';
import { configProblems } from '../helpers/config-problems.js';

cleanUpProjects();

const problems = (packages: Record<string, unknown>, clusters: Record<string, unknown> = {}) => configProblems({ clusters, packages });

// What a JavaScript or JSON config can say, which the types would stop in TypeScript.
const loose = <T>(value: unknown): T => value as T;

describe('Helm chart packages', () => {
  it('refuses a misspelt field, suggesting the right one', () => {
    expect(problems({ app: { ...mkHelmChart({ name: 'app', chart: './app' }), versoin: '1.0.0' } })).toEqual([
      'packages.app.versoin: unknown field; did you mean "version"?',
    ]);
  });

  it('checks the Istio values mesh types, at their full path', () => {
    expect(
      problems({
        'istio-istiod': mkIstiod({ values: { pilot: { resources: loose('2 cpus') } } }),
        istiod2: mkIstiod({ name: 'istiod2', values: { pilot: loose('big') } }),
        istiod3: mkIstiod({ name: 'istiod3', values: { pilot: { resources: { requests: { cpu: loose(true) } } } } }),
      }),
    ).toEqual([
      'packages.istio-istiod.values.pilot.resources: expected an object, found string "2 cpus"',
      'packages.istiod2.values.pilot: expected an object, found string "big"',
      'packages.istiod3.values.pilot.resources.requests.cpu: expected a string or a number, found boolean true',
    ]);
  });

  it('passes Istio values it does not type on to Helm', () => {
    expect(problems({ istiod: mkIstiod({ values: { pilot: { traceSampling: 1, anything: { at: 'all' } }, extra: [1] } }) })).toEqual([]);
  });

  it('wants values to be an object', () => {
    expect(
      problems({
        app: { ...mkHelmChart({ name: 'app', chart: './app' }), values: 3 },
        web: { ...mkHelmChart({ name: 'web', chart: './web' }), values: [] },
      }),
    ).toEqual(['packages.app.values: expected an object, found number 3', 'packages.web.values: expected an object, found a list']);
  });

  it('refuses a repo beside an oci:// chart, and a repo that is not http(s)', () => {
    expect(
      problems({
        a: mkHelmChart({ name: 'a', chart: 'oci://ghcr.io/org/a', repo: 'https://charts.example.com' }),
        b: mkHelmChart({ name: 'b', chart: 'b', repo: 'ftp://charts.example.com' }),
        c: mkHelmChart({ name: 'c', chart: 'c', repo: 'oci://ghcr.io/org/' }),
      }),
    ).toEqual([
      'packages.a.repo: an oci:// chart carries its registry in `chart`; remove `repo`',
      'packages.b.repo: expected an http:// or https:// chart repository URL, found "ftp://charts.example.com"',
      'packages.c.repo: expected an http:// or https:// chart repository URL, found "oci://ghcr.io/org/"; for OCI write chart: "oci://ghcr.io/org/c" and no repo',
    ]);
  });

  it('needs what mkHelmChart fills in when a JSON config writes the descriptor', async () => {
    const dir = project({ 'mesh.config.json': '{ "packages": { "app": { "type": "helm-chart", "name": "", "chart": "./app" } } }' });
    const error = await configError(load(dir));
    expect(error.message).toBe(
      [
        'mesh.config.json has 3 problems:',
        '  packages.app.name: expected a non-empty string, found string ""',
        '  packages.app.namespace: required: expected a string',
        '  packages.app.values: required: expected an object',
      ].join('\n'),
    );
  });
});

describe('what a package is', () => {
  it('refuses something that is neither a descriptor nor a Kubernetes object', () => {
    expect(problems({ a: { name: 'x' }, b: 42 })).toEqual([
      'packages.a: expected a package (an mk* result such as mkIstiod() or mkServiceEntry(), or a Kubernetes object with apiVersion and kind), found an object with neither `type` nor `apiVersion`',
      'packages.b: expected a package (an mk* result such as mkIstiod() or mkServiceEntry(), or a Kubernetes object), found number 42',
    ]);
  });

  it('refuses an unknown package type, suggesting a known one', () => {
    expect(problems({ a: { type: 'helm-charts' } })).toEqual([
      'packages.a.type: unknown package type string "helm-charts"; did you mean "helm-chart"?; the types are "helm-chart" and "k3d-script", and any other package is a Kubernetes object (apiVersion, kind, metadata) or a list of them, with no type',
    ]);
  });

  it('checks each Kubernetes object of a list', () => {
    const se = mkServiceEntry({ name: 'se', hosts: ['x.global'], resolution: 'DNS' });
    expect(problems({ objs: [se, { apiVersion: 'v1', kind: 'ConfigMap' }, 'x'] })).toEqual([
      'packages.objs[1].metadata: required: expected an object',
      'packages.objs[2]: expected an object, found string "x"',
    ]);
  });

  it('refuses a cluster script for a cluster the config does not have', () => {
    expect(problems({ script: mkClusterScript('nope') }, { dev: mkClusterConfig() })).toEqual([
      'packages.script.cluster: no cluster "nope" in clusters; known: dev',
    ]);
    expect(problems({ script: mkClusterScript('deev') }, { dev: mkClusterConfig() })).toEqual([
      'packages.script.cluster: no cluster "deev" in clusters; did you mean "dev"?',
    ]);
    expect(problems({ script: mkClusterScript('dev') }, { dev: mkClusterConfig() })).toEqual([]);
  });
});
