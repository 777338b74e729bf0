import { isExistingCluster } from '../../lib/modules/existing-cluster.js';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_K3S_IMAGE } from '../../lib/model/defaults.js';
import { allocatePorts } from '../../lib/model/host-ports.js';
import { defaultedFields, mkClusterConfig, type ClusterInput } from '../../lib/modules/k3d.js';
import { clusterFiles, namedConfig } from '../../lib/render/output/cluster-files.js';
import { toYaml } from '../../lib/yaml/write.js';
import { loadExampleConfigs } from '../helpers/example-configs.js';
import { FakeK3d } from '../helpers/fake-k3d.js';
import { everyField, k3dSchemaErrors } from '../helpers/k3d-schema.js';

const onLoadbalancer = (port: string) => ({ port, nodeFilters: ['loadbalancer'] });
const traefikOff = { arg: '--disable=traefik', nodeFilters: ['server:*'] };
const fileOf = (name: string, input?: ClusterInput) => toYaml(namedConfig(name, mkClusterConfig(input)));
const examples = await loadExampleConfigs();
const clusters = examples.flatMap(({ file, config }) =>
  Object.entries(config.clusters ?? {}).flatMap(([name, cluster]) => (isExistingCluster(cluster) ? [] : [{ file, name, cluster }])),
);

describe('mkClusterConfig', () => {
  it('without arguments gives a config that suits Istio, all of it marked as defaults', () => {
    const config = mkClusterConfig();
    expect(config).toStrictEqual({
      apiVersion: 'k3d.io/v1alpha5',
      kind: 'Simple',
      metadata: {},
      servers: 1,
      agents: 0,
      image: DEFAULT_K3S_IMAGE,
      ports: [onLoadbalancer('80:80'), onLoadbalancer('443:443')],
      options: {
        k3s: { extraArgs: [traefikOff] },
        kubeconfig: { updateDefaultKubeconfig: true, switchCurrentContext: false },
      },
    });
    expect(DEFAULT_K3S_IMAGE).toMatch(/^rancher\/k3s:v\d+\.\d+\.\d+-k3s\d+$/);
    expect(defaultedFields(config)).toEqual(['servers', 'agents', 'image', 'ports', 'options']);
  });

  it("replaces default lists with the user's, but appends k3s extraArgs without duplicates", () => {
    const extraArgs = [{ arg: '--tls-san=mesh.local', nodeFilters: ['server:*'] }, traefikOff];
    const config = mkClusterConfig({ name: 'edge', ports: [onLoadbalancer('9080:80')], options: { k3s: { extraArgs } } });
    expect(config.metadata).toEqual({ name: 'edge' });
    expect(config.ports).toEqual([onLoadbalancer('9080:80')]);
    expect(config.options?.k3s?.extraArgs).toEqual([traefikOff, extraArgs[0]]);
    // Objects merge key by key: the kubeconfig defaults survive a k3s-only options object.
    expect(config.options?.kubeconfig).toEqual({ updateDefaultKubeconfig: true, switchCurrentContext: false });
  });

  it('marks ports as defaulted only when the user gave none', () => {
    expect(defaultedFields(mkClusterConfig({ agents: 2 }))).toContain('ports');
    expect(defaultedFields(mkClusterConfig({ ports: undefined }))).toContain('ports');
    expect(defaultedFields(mkClusterConfig({ ports: [] }))).not.toContain('ports');
    expect(defaultedFields(mkClusterConfig({ ports: [onLoadbalancer('8000:80')] }))).not.toContain('ports');
  });
});

describe("k3d's JSON schema", () => {
  it('rejects what k3d rejects, so a pass below means something', () => {
    expect(k3dSchemaErrors('apiVersion: k3d.io/v1alpha5\nkind: Simple\nservers: 0\nport: []\nmetadata:\n  name: not_a_host\n')).toEqual([
      '/ must NOT have additional properties (port)',
      '/metadata/name must match format "hostname"',
      '/servers must be >= 1',
    ]);
    expect(k3dSchemaErrors(fileOf('dev', { kubeAPI: { hostIP: '300.1.1.1' } }))).toEqual(['/kubeAPI/hostIP must match format "ipv4"']);
  });

  it('accepts the config made without arguments, and one that sets every field mesh documents', () => {
    expect(k3dSchemaErrors(toYaml(mkClusterConfig()))).toEqual([]);
    expect(k3dSchemaErrors(fileOf('dev'))).toEqual([]);
    expect(k3dSchemaErrors(fileOf('full', everyField))).toEqual([]);
  });

  it('has the examples to check', () => {
    const expected = ['single-cluster-istio', 'custom-chart', 'two-clusters-pxc'].map((e) => `examples/${e}/mesh.config.ts`);
    expect(examples.map((e) => e.file)).toEqual(expect.arrayContaining(['mesh.config.ts', ...expected]));
  });

  it.each(clusters)('accepts cluster $name of $file', ({ name, cluster }) => {
    expect(k3dSchemaErrors(toYaml(namedConfig(name, cluster)))).toEqual([]);
  });

  it('accepts both clusters of two-clusters-pxc after mesh moves the second to 8080/8443', () => {
    const two = clusters.filter((c) => c.file === 'examples/two-clusters-pxc/mesh.config.ts');
    const allocated = allocatePorts(two.map(({ name, cluster }) => ({ name, config: cluster, defaulted: defaultedFields(cluster) })));
    expect(allocated.map((c) => [c.name, c.hostPorts])).toEqual([
      ['cluster-a', [80, 443]],
      ['cluster-b', [8080, 8443]],
    ]);
    for (const { config } of allocated) expect(k3dSchemaErrors(toYaml(config))).toEqual([]);
  });
});

describe('clusterFiles for the default config', () => {
  const yaml = fileOf('dev');
  const files = clusterFiles('dev', yaml);

  it('writes the k3d config k3d reads', () => {
    expect(files['k3d-config.yaml']).toBe(`apiVersion: k3d.io/v1alpha5
kind: Simple
metadata:
  name: dev
servers: 1
agents: 0
image: ${DEFAULT_K3S_IMAGE}
ports:
  - port: 80:80
    nodeFilters:
      - loadbalancer
  - port: 443:443
    nodeFilters:
      - loadbalancer
options:
  k3s:
    extraArgs:
      - arg: --disable=traefik
        nodeFilters:
          - server:*
  kubeconfig:
    updateDefaultKubeconfig: true
    switchCurrentContext: false
`);
  });

  it('writes scripts that carry the config inside them', () => {
    expect(files['bin/k3d-create']).toBe(`#!/bin/sh
# Creates the k3d cluster "dev". Extra arguments go to \`k3d cluster create\`.
set -eu
exec "\${MESH_K3D:-k3d}" cluster create --config - "$@" <<'MESH_K3D_CONFIG'
${yaml}MESH_K3D_CONFIG
`);
    expect(files['bin/k3d-delete']).toBe(`#!/bin/sh
# Deletes the k3d cluster "dev". Extra arguments go to \`k3d cluster delete\`.
set -eu
exec "\${MESH_K3D:-k3d}" cluster delete "$@" dev
`);
  });

  describe('with a fake k3d that records its arguments and stdin', () => {
    // One fake serves every test: each run clears what the previous one recorded.
    const k3d = new FakeK3d();
    afterAll(() => k3d.remove());

    it('k3d-create passes the config on stdin and extra arguments through unchanged', () => {
      expect(k3d.run(files['bin/k3d-create']!, ['--timeout', '2m', '--k3s-arg', '--tls-san=my host@server:0'])).toEqual({
        status: 0,
        argv: ['cluster', 'create', '--config', '-', '--timeout', '2m', '--k3s-arg', '--tls-san=my host@server:0'],
        stdin: files['k3d-config.yaml'],
      });
      expect(k3d.run(files['bin/k3d-create']!)).toEqual({ status: 0, argv: ['cluster', 'create', '--config', '-'], stdin: yaml });
    });

    it('k3d-delete names the cluster after the extra arguments', () => {
      expect(k3d.run(files['bin/k3d-delete']!, ['--verbose'])).toMatchObject({
        status: 0,
        argv: ['cluster', 'delete', '--verbose', 'dev'],
      });
    });

    it("exits with k3d's status, so a failed create fails the caller", () => {
      expect(k3d.run(files['bin/k3d-create']!, [], { FAKE_K3D_EXIT: '3' }).status).toBe(3);
      expect(k3d.run(files['bin/k3d-delete']!, [], { FAKE_K3D_EXIT: '4' }).status).toBe(4);
    });
  });
});
