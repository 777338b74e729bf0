import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { mkIstioBase, mkNamespace } from '../../lib/modules/istio.js';
import { mkPXCServiceEntry } from '../../lib/modules/pxc-service-entry.js';
import type { KubernetesObject } from '../../lib/modules/types.js';
import { renderConfig, renderSetup } from '../helpers/render.js';
import { exampleCrd } from '../helpers/crd.js';

const istio = () => ({ repo: inject('istioRepoUrl'), version: '1.30.3' });
const pxc = () =>
  mkPXCServiceEntry({
    name: 'pxc-source',
    namespace: 'db',
    remoteClusterName: 'cluster-b',
    remoteEndpoints: [{ address: '172.18.0.5', port: 3306 }],
  });

function withPort(number: unknown): KubernetesObject {
  const se = pxc();
  (se.spec as { ports: Array<{ number: unknown }> }).ports[0]!.number = number;
  return se;
}

describe('offline validation of rendered objects (real Istio CRDs from the real base chart)', () => {
  test('a valid PXC ServiceEntry passes against the ServiceEntry CRD', async () => {
    const setup = renderSetup();
    const run = await renderConfig({ istio: istio(), packages: { base: mkIstioBase(), pxc: pxc() } }, setup);
    expect(run.summary.written).toBe(true);
  });

  test('a port number given as a string fails, naming target, object and field; nothing is written', async () => {
    const setup = renderSetup();
    const rendering = renderConfig({ istio: istio(), packages: { base: mkIstioBase(), pxc: withPort('3306') } }, setup);
    await expect(rendering).rejects.toThrow(
      /pxc: ServiceEntry\/pxc-source: spec\.ports\[0\]\.number: expected integer, found string "3306"/,
    );
    expect(existsSync(join(setup.dir, 'result'))).toBe(false);
  });

  test('a target rendered alone is still checked against the CRDs of what it needs', async () => {
    const setup = renderSetup();
    const rendering = renderConfig({ istio: istio(), packages: { base: mkIstioBase(), pxc: withPort('x') } }, setup, { select: ['pxc'] });
    await expect(rendering).rejects.toThrow(/spec\.ports\[0\]\.number/);
  });

  test('--no-validate lets the same object through', async () => {
    const setup = renderSetup();
    const run = await renderConfig({ istio: istio(), packages: { base: mkIstioBase(), pxc: withPort('3306') } }, setup, {
      validate: false,
    });
    expect(run.summary.written).toBe(true);
  });

  test('an object name that is not a DNS-1123 subdomain fails', async () => {
    const setup = renderSetup();
    const bad = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name', namespace: 'default' }, data: {} };
    await expect(renderConfig({ packages: { cm: bad } }, setup)).rejects.toThrow(/cm: ConfigMap\/Bad_Name: metadata\.name: /);
  });

  test('the same object from two targets fails, naming both', async () => {
    const setup = renderSetup();
    const rendering = renderConfig({ packages: { one: mkNamespace({ name: 'apps' }), two: mkNamespace({ name: 'apps' }) } }, setup);
    await expect(rendering).rejects.toThrow(/two: Namespace\/apps: metadata\.name: also defined by target one/);
  });

  test('a cluster-scoped object from two targets that render into different namespaces fails, for built-in kinds and CRD kinds alike', async () => {
    const clusterRole = (namespace: string): KubernetesObject => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'reader', namespace },
    });
    const issuer = (namespace: string): KubernetesObject => ({
      apiVersion: 'example.com/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'selfsigned', namespace },
    });
    const crd = exampleCrd('ClusterIssuer', { scope: 'Cluster' });
    const setup = renderSetup();
    const rendering = renderConfig(
      { packages: { crds: [crd], a: [clusterRole('team-a'), issuer('team-a')], b: [clusterRole('team-b'), issuer('team-b')] } },
      setup,
    );
    await expect(rendering).rejects.toThrow(
      'b: ClusterRole/reader: metadata.name: also defined by target a; one object can only come from one target; ClusterRole is cluster-scoped, so both would overwrite one object',
    );
    await expect(rendering).rejects.toThrow(
      /b: ClusterIssuer\/selfsigned: metadata\.name: also defined by target a; .* ClusterIssuer is cluster-scoped/,
    );
  });
});
