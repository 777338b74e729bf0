import { expectJsonShape } from '../helpers/json-schema.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { projectRoot } from '../helpers/paths.js';
import { makeProject, tsConfig } from '../helpers/project.js';

const ESC = '\x1b[';
const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** Two clusters (the second one's host ports moved), Istio from config and env, a ServiceEntry for one cluster. */
const twoClusters = () =>
  makeProject({
    'mesh.config.ts': tsConfig(`{
  istio: { version: '1.30.3' },
  clusters: { east: mkClusterConfig({ agents: 1 }), west: mkClusterConfig({}) },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    'istio-istiod': mkIstiod(),
    'pxc-west': mkPXCServiceEntry({ name: 'pxc', remoteClusterName: 'west', remoteEndpoints: [{ address: '172.18.0.5', port: 3306 }] }),
  },
  deploy: { west: ['istio-system', 'istio-base', 'istio-istiod'] },
}`),
  });
const listEnv = () => ({ MESH_ISTIO_REPO: inject('istioRepoUrl') });

/** Runs mesh on a pseudo-terminal (util-linux `script`), so it sees a TTY; returns what the terminal showed. */
function onTerminal(args: string[], cwd: string, env: Record<string, string>): Promise<string> {
  const line = [process.execPath, join(projectRoot, 'bin', 'mesh.js'), ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', line, '/dev/null'], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out));
  });
}

describe('mesh --help and --version', () => {
  test('--help lists exactly the commands that exist, and the global options', async () => {
    const run = await runMesh(['--help'], { cwd: makeProject({}) });
    expect(run.code).toBe(0);
    const [options = '', commands = ''] = run.stdout.split(/^Options:$/m)[1]!.split(/^Commands:$/m);
    expect([...commands.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1])).toEqual([
      'list',
      'render',
      'images',
      'up',
      'down',
      'create',
      'deploy',
      'verify',
      'teardown',
      'diff',
      'plan',
      'doctor',
      'help',
    ]);
    expect([...options.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1])).toEqual([
      '--version',
      '--config',
      '--env-file',
      '--istio-version',
      '--istio-repo',
      '--verbose',
      '--help',
    ]);
  });

  test("--version and -V print package.json's version and exit 0, alone or among other flags", async () => {
    const cwd = makeProject({});
    for (const args of [['--version'], ['-V'], ['--verbose', '--version']]) {
      const run = await runMesh(args, { cwd });
      expect({ args, code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
        args,
        code: 0,
        stdout: `${version}\n`,
        stderr: '',
      });
    }
  });
});

describe('mesh list', () => {
  test('prints clusters with host ports and targets in apply order as a tree', async () => {
    const run = await runMesh(['list'], { cwd: twoClusters(), env: listEnv() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`mesh.config.ts: istio 1.30.3 (from the config) from ${inject('istioRepoUrl')} (from the environment)
clusters
├── east  rancher/k3s:v1.35.2-k3s1, 1 server, 1 agent, host ports 80, 443, context k3d-east
│   gets: istio-system, istio-base, istio-istiod, mesh-dns, pxc-west
└── west  rancher/k3s:v1.35.2-k3s1, 1 server, 0 agents, host ports 8080, 8443, context k3d-west
    gets: istio-system, istio-base, istio-istiod
targets, in apply order
├── istio-system  namespace      Namespace/istio-system
├── istio-base    CRDs           chart base 1.30.3         ns istio-system  needs istio-system
├── istio-istiod  control plane  chart istiod 1.30.3       ns istio-system  needs istio-system, istio-base
├── mesh-dns      objects        ConfigMap/coredns-custom
└── pxc-west      service entry  4 objects                 ns default       needs mesh-dns, istio-base
(a chart's custom resources whose CRD another target brings order it after that target; \`mesh render\` finds them)
`);
  });

  test('--json is stable (identical bytes cold and warm) with keys in a fixed order', async () => {
    const cwd = twoClusters();
    const cache = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    const runs = [await runMesh(['list', '--json'], { cwd, env: listEnv() })];
    for (let i = 0; i < 2; i++) runs.push(await runMesh(['list', '--json'], { cwd, env: { ...listEnv(), MESH_CACHE_DIR: cache } }));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(runs[1]!.stdout).toBe(runs[0]!.stdout);
    expect(runs[2]!.stdout).toBe(runs[0]!.stdout);

    const data = JSON.parse(runs[0]!.stdout) as Record<string, unknown> & {
      clusters: Array<Record<string, unknown>>;
      targets: Array<Record<string, unknown>>;
    };
    expect(Object.keys(data)).toEqual(['schemaVersion', 'config', 'istio', 'clusters', 'targets', 'scripts']);
    expectJsonShape('list', runs[0]!.stdout);
    expect(data.istio).toEqual({ version: '1.30.3', repo: inject('istioRepoUrl'), origin: { version: 'config', repo: 'env' } });
    expect(JSON.stringify(data.istio)).toMatch(/^\{"version":.*"repo":.*"origin":\{"version":.*"repo":/);
    expect(data.clusters.map((c) => Object.keys(c))).toEqual(
      Array(2).fill(['name', 'kind', 'context', 'image', 'servers', 'agents', 'network', 'hostPorts', 'ports', 'targets', 'reaches']),
    );
    expect(data.clusters.map((c) => [c.name, c.hostPorts])).toEqual([
      ['east', [80, 443]],
      ['west', [8080, 8443]],
    ]);
    expect(data.targets.map((t) => Object.keys(t))).toEqual(
      ['objects', 'chart', 'chart', 'objects', 'objects'].map((what) => [
        'name',
        'kind',
        'role',
        what,
        'namespaces',
        'needs',
        'crdNeeds',
        'clusters',
      ]),
    );
    expect(data.targets[2]).toEqual({
      name: 'istio-istiod',
      kind: 'chart',
      role: 'control-plane',
      chart: { name: 'istiod', version: '1.30.3', repo: inject('istioRepoUrl'), release: 'istiod' },
      namespaces: ['istio-system'],
      needs: ['istio-system', 'istio-base'],
      crdNeeds: [],
      clusters: ['east', 'west'],
    });
    expect(data.targets[4]).toMatchObject({
      name: 'pxc-west',
      kind: 'objects',
      role: 'service-entry',
      objects: ['ServiceEntry/pxc', 'DestinationRule/pxc', 'Service/pxc-west-global', 'EndpointSlice/pxc-west-global-mesh'],
      needs: ['mesh-dns', 'istio-base'],
      clusters: ['east'],
    });
  });
});

describe('output for scripts and terminals', () => {
  test('not on a terminal: no ANSI escapes in output or errors', async () => {
    const ok = await runMesh(['list'], { cwd: twoClusters(), env: listEnv() });
    const bad = await runMesh(['list'], { cwd: makeProject({}) });
    expect(ok.code).toBe(0);
    expect(bad.code).toBe(2);
    for (const text of [ok.stdout, ok.stderr, bad.stdout, bad.stderr]) expect(text).not.toContain(ESC);
  });

  test('on a terminal errors are coloured, and NO_COLOR turns that off', async () => {
    const cwd = makeProject({});
    expect(await onTerminal(['list'], cwd, {})).toContain(`mesh: ${ESC}31merror${ESC}0m: no mesh config found`);
    const plain = await onTerminal(['list'], cwd, { NO_COLOR: '1' });
    expect(plain).toContain('mesh: error: no mesh config found');
    expect(plain).not.toContain(ESC);
  });

  test('--json: a config error is valid JSON on stdout with error.message and error.exitCode 2', async () => {
    for (const command of ['list', 'render']) {
      const run = await runMesh([command, '--json'], {
        cwd: makeProject({ 'mesh.config.ts': tsConfig("{ packages: { Bad_Name: mkNamespace({ name: 'x' }) } }") }),
      });
      expect(run.code).toBe(2);
      const { error } = JSON.parse(run.stdout) as { error: { message: string; hint: string | null; exitCode: number } };
      expect(error.message).toMatch(/^mesh\.config\.ts has a problem:\n {2}packages\.Bad_Name: target name "Bad_Name"/);
      expect(error.hint).toBe('fix it in mesh.config.ts');
      expect(error.exitCode).toBe(2);
    }
  });
});

describe('mesh with no command', () => {
  test('prints the help on stderr and exits 2, as a usage error', async () => {
    const run = await runMesh([], { cwd: makeProject({}) });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Usage: mesh \[options\] \[command\]/);
  });
});
