import { describe, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { expectUserError } from '../helpers/cli-expect.js';
import { makeProject, tsConfig } from '../helpers/project.js';

/**
 * Bad input as users type it, in every config format, as flags, variables
 * and `.env` files: each must exit with the documented code, name the
 * problem, give a hint, and never print a stack trace. README's reliability
 * table counts these cases.
 */
interface Case {
  name: string;
  files: Record<string, string>;
  argv?: string[];
  env?: Record<string, string>;
  code?: number;
  says: string | RegExp;
}

const ts = (body: string) => ({ 'mesh.config.ts': tsConfig(body) });
const pkg = (packages: string) => ts(`{ packages: { ${packages} } }`);
const clusters = (body: string) => ts(`{ clusters: { ${body} } }`);

export const CASES: Case[] = [
  // TypeScript configs: syntax, types, names, values.
  {
    name: 'ts syntax error',
    files: { 'mesh.config.ts': 'export default {\n  packages: {\n}\n' },
    says: /mesh\.config\.ts:\d+:\d+: syntax error/,
  },
  { name: 'ts throws', files: { 'mesh.config.ts': "throw new Error('boom');\n" }, says: 'mesh.config.ts:1:7: boom' },
  { name: 'ts exports nothing', files: { 'mesh.config.ts': 'export const x = 1;\n' }, says: 'the config must export an object' },
  { name: 'ts exports a string', files: { 'mesh.config.ts': "export default 'config';\n" }, says: 'found string "config"' },
  { name: 'top-level typo', files: ts('{ pakages: {} }'), says: 'pakages: unknown field; did you mean "packages"?' },
  { name: 'packages is a list', files: ts('{ packages: [] as never }'), says: 'packages: expected an object' },
  { name: 'unknown mk* field', files: pkg("ns: mkNamespace({ name: 'x', lables: {} } as never)"), says: 'did you mean "labels"?' },
  { name: 'namespace with shell characters', files: pkg("ns: mkNamespace({ name: 'x; rm -rf /' })"), says: 'must be a DNS-1123 label' },
  { name: 'namespace with a newline', files: pkg("ns: mkNamespace({ name: 'a\\nb' })"), says: 'must be a DNS-1123 label' },
  {
    name: 'target name with capitals',
    files: pkg("MyApp: mkNamespace({ name: 'x' })"),
    says: 'target name "MyApp" must be a DNS-1123 label',
  },
  { name: 'target name too long', files: pkg(`'${'a'.repeat(70)}': mkNamespace({ name: 'x' })`), says: 'at most 63 characters' },
  { name: 'chart without chart', files: pkg("app: mkHelmChart({ name: 'app' } as never)"), says: 'app.chart' },
  { name: 'release name with a slash', files: pkg("app: mkHelmChart({ name: 'a/b', chart: './c' })"), says: 'release name "a/b"' },
  {
    name: 'chart namespace invalid',
    files: pkg("app: mkHelmChart({ name: 'a', chart: './c', namespace: 'Apps' })"),
    says: 'namespace "Apps" must be a DNS-1123 label',
  },
  {
    name: 'repo without scheme',
    files: pkg("app: mkHelmChart({ name: 'a', chart: 'c', repo: 'charts.example.com' })"),
    says: 'expected an http:// or https:// chart repository URL',
  },
  {
    name: 'oci chart with repo',
    files: pkg("app: mkHelmChart({ name: 'a', chart: 'oci://r.example/c', repo: 'https://x' })"),
    says: 'an oci:// chart carries its registry',
  },
  {
    name: 'istio values of the wrong type',
    files: pkg("istiod: mkIstiod({ values: { pilot: { replicaCount: 'two' as never } } })"),
    says: 'values.pilot.replicaCount',
  },
  {
    name: 'values with a BigInt',
    files: pkg('istiod: mkIstiod({ values: { pilot: { replicaCount: 2n as never } } })'),
    says: 'a BigInt (2n)',
  },
  {
    name: 'values with a function',
    files: pkg('istiod: mkIstiod({ values: { f: (() => 1) as never } })'),
    says: 'a function; give the value it computes',
  },
  {
    name: 'values with NaN',
    files: pkg('istiod: mkIstiod({ values: { pilot: { replicaCount: NaN } } })'),
    says: 'NaN, which YAML and JSON cannot write',
  },
  { name: 'needs itself', files: pkg("a: mkNamespace({ name: 'a', needs: ['a'] })"), says: '"a" cannot need itself' },
  {
    name: 'needs unknown target',
    files: pkg("a: mkNamespace({ name: 'a', needs: ['istio-bsae'] })"),
    says: 'no target "istio-bsae" in packages',
  },
  { name: 'needs as a string', files: pkg("a: mkNamespace({ name: 'a', needs: 'b' as never })"), says: 'needs: expected a list' },
  {
    name: 'cycle in needs',
    files: pkg("a: mkNamespace({ name: 'a', needs: ['b'] }), b: mkNamespace({ name: 'b', needs: ['a'] })"),
    says: /cycle/,
  },
  {
    name: 'ServiceEntry port out of range',
    files: pkg("se: mkServiceEntry({ name: 'se', hosts: ['x'], resolution: 'DNS', ports: [{ number: 0, name: 'tcp' }] })"),
    says: 'ports[0].number: expected a number >= 1',
  },
  {
    name: 'PXC port as text',
    files: pkg(
      "pxc: mkPXCServiceEntry({ name: 'p', remoteClusterName: 'b', port: 'three' as never, remoteEndpoints: [{ address: '1.2.3.4', port: 3306 }] })",
    ),
    says: 'port: expected a number',
  },
  {
    name: 'PXC endpoint port 70000',
    files: pkg("pxc: mkPXCServiceEntry({ name: 'p', remoteClusterName: 'b', remoteEndpoints: [{ address: '1.2.3.4', port: 70000 }] })"),
    says: 'expected a number <= 65535',
  },
  {
    name: 'PXC empty address',
    files: pkg("pxc: mkPXCServiceEntry({ name: 'p', remoteClusterName: 'b', remoteEndpoints: [{ address: '', port: 3306 }] })"),
    says: 'expected a non-empty string',
  },
  {
    name: 'PXC without endpoints or source',
    files: pkg("pxc: mkPXCServiceEntry({ name: 'p', remoteClusterName: 'b' })"),
    says: 'needs remoteEndpoints or source',
  },
  {
    name: 'reference to an unknown cluster',
    files: ts(
      "{ clusters: { a: mkClusterConfig() }, packages: { p: mkPXCServiceEntry({ name: 'p', remoteClusterName: 'c', source: { service: 's' } }) } }",
    ),
    says: 'no cluster "c" in clusters',
  },
  // Clusters.
  { name: 'cluster name with underscore', files: clusters('dev_1: mkClusterConfig()'), says: 'cluster name "dev_1"' },
  { name: 'cluster name too long', files: clusters(`'${'c'.repeat(40)}': mkClusterConfig()`), says: 'at most 32 characters' },
  { name: 'zero servers', files: clusters('dev: mkClusterConfig({ servers: 0 })'), says: 'servers: expected a number >= 1' },
  { name: 'negative agents', files: clusters('dev: mkClusterConfig({ agents: -1 })'), says: 'agents: expected a number >= 0' },
  {
    name: 'host port 0',
    files: clusters("dev: mkClusterConfig({ ports: [{ port: '0:80', nodeFilters: ['loadbalancer'] }] })"),
    says: 'port "0" must be a number from 1 to 65535',
  },
  {
    name: 'host port 70000',
    files: clusters("dev: mkClusterConfig({ ports: [{ port: '70000:80', nodeFilters: ['loadbalancer'] }] })"),
    says: 'port "70000" must be a number from 1 to 65535',
  },
  {
    name: 'port with a bad protocol',
    files: clusters("dev: mkClusterConfig({ ports: [{ port: '80:80/http', nodeFilters: ['loadbalancer'] }] })"),
    says: 'the protocol after / must be tcp, udp or sctp',
  },
  {
    name: 'two clusters on one host port',
    files: clusters(
      "a: mkClusterConfig({ ports: [{ port: '8080:80', nodeFilters: ['loadbalancer'] }] }), b: mkClusterConfig({ ports: [{ port: '8080:80', nodeFilters: ['loadbalancer'] }] })",
    ),
    says: 'host port 8080 is also mapped by cluster "a"',
  },
  { name: 'empty image', files: clusters("dev: mkClusterConfig({ image: '' })"), says: 'clusters.dev.image: expected a non-empty string' },
  {
    name: 'metadata name differs',
    files: clusters("dev: mkClusterConfig({ metadata: { name: 'prod' } })"),
    says: '"prod" differs from the cluster\'s key "dev"',
  },
  {
    name: 'cluster and package share a name',
    files: ts("{ clusters: { dev: mkClusterConfig() }, packages: { dev: mkNamespace({ name: 'dev' }) } }"),
    says: '"dev" is also a cluster name',
  },
  {
    name: 'deploy to an unknown cluster',
    files: ts('{ clusters: { dev: mkClusterConfig() }, packages: {}, deploy: { prod: [] } }'),
    says: 'no cluster "prod" in clusters',
  },
  {
    name: 'deploy of an unknown target',
    files: ts("{ clusters: { dev: mkClusterConfig() }, packages: {}, deploy: { dev: ['istio'] } }"),
    says: 'no target "istio" in packages',
  },
  { name: 'wait timeout without sense', files: ts("{ wait: { timeout: 'soon' } }"), says: 'expected a duration such as "90s"' },
  // JSON and YAML configs.
  { name: 'json trailing comma', files: { 'mesh.config.json': '{ "packages": {}, }\n' }, says: /mesh\.config\.json:1:\d+/ },
  {
    name: 'json duplicate key',
    files: { 'mesh.config.json': '{ "packages": {}, "packages": {} }\n' },
    says: 'remove or rename one of the two keys',
  },
  {
    name: 'json package type unknown',
    files: { 'mesh.config.json': '{ "packages": { "ns": { "type": "namespace", "name": "x" } } }\n' },
    says: 'the types are "helm-chart" and "k3d-script"',
  },
  { name: 'yaml tab indentation', files: { 'mesh.config.yaml': 'packages:\n\tns: {}\n' }, says: /mesh\.config\.yaml:2:\d+/ },
  {
    name: 'yaml alias bomb',
    files: {
      'mesh.config.yaml': `a: &a [x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ).join('\n')}\npackages: {}\n`,
    },
    says: 'its aliases (*name) expand to more than mesh reads',
  },
  {
    name: 'yaml value of the wrong type',
    files: { 'mesh.config.yaml': 'clusters:\n  dev:\n    servers: many\n' },
    says: 'clusters.dev.servers',
  },
  { name: 'yaml config that is a list', files: { 'mesh.config.yaml': '- packages\n' }, says: 'the config must export an object' },
  {
    name: 'package.json broken',
    files: { 'mesh.config.yaml': 'packages: {}\n', 'package.json': '{"name": "x",}\n' },
    says: 'package.json is not valid JSON',
  },
  {
    name: 'import of mesh',
    files: { 'mesh.config.ts': "import { defineConfig } from 'mesh';\nexport default defineConfig({});\n" },
    says: 'did you mean "k3d-mesh"?',
  },
  {
    name: 'import of a missing file',
    files: { 'mesh.config.ts': "import x from './clusters.js';\nexport default x;\n" },
    says: 'cannot import "./clusters.js"',
  },
  // Flags.
  { name: 'unknown command', files: pkg(''), argv: ['rendr'], says: "unknown command 'rendr'" },
  { name: 'unknown flag', files: pkg(''), argv: ['render', '--outt', 'x'], says: "unknown option '--outt'" },
  { name: 'empty --config', files: pkg(''), argv: ['--config', '', 'list'], says: 'it is empty' },
  {
    name: '--config of a folder',
    files: { ...pkg(''), 'conf/x': '' },
    argv: ['--config', 'conf', 'list'],
    says: '--config conf: no such file',
  },
  { name: '--config of a missing file', files: pkg(''), argv: ['--config', 'nope.ts', 'list'], says: '--config nope.ts: no such file' },
  { name: 'empty --istio-version', files: pkg(''), argv: ['--istio-version', '', 'list'], says: 'it is empty' },
  {
    name: '--istio-repo without scheme',
    files: pkg(''),
    argv: ['--istio-repo', '127.0.0.1:18931', 'list'],
    says: 'did you mean "http://127.0.0.1:18931"?',
  },
  { name: '--timeout without unit', files: pkg(''), argv: ['up', '--timeout', '5', '--dry-run'], says: 'give a unit' },
  { name: '--timeout nonsense', files: pkg(''), argv: ['up', '--timeout', 'soon', '--dry-run'], says: 'expected a duration' },
  { name: 'unknown stage', files: pkg(''), argv: ['plan', 'upp'], says: 'did you mean "up"?' },
  {
    name: 'unknown --cluster',
    files: clusters('dev: mkClusterConfig()'),
    argv: ['up', '--cluster', 'dve', '--dry-run'],
    says: 'did you mean "dev"?',
  },
  { name: 'unknown render target', files: pkg("base: mkNamespace({ name: 'b' })"), argv: ['render', 'bsae'], says: 'did you mean "base"?' },
  {
    name: '--out naming a file',
    files: { ...pkg("ns: mkNamespace({ name: 'x' })"), 'out.txt': 'mine' },
    argv: ['render', '--out', 'out.txt'],
    says: 'out.txt exists and is not a folder',
  },
  {
    name: '--out holding the user files',
    files: { ...pkg("ns: mkNamespace({ name: 'x' })"), 'keep/notes.md': 'mine' },
    argv: ['render', '--out', 'keep'],
    says: 'holds files mesh did not write',
  },
  // Variables and .env files.
  { name: '--env-file missing', files: pkg(''), argv: ['--env-file', 'nope.env', 'list'], says: '--env-file nope.env: no such file' },
  {
    name: 'MESH_ISTIO_REPO from .env without scheme',
    files: { ...pkg('base: mkIstioBase()'), '.env': 'MESH_ISTIO_REPO=blob.istio.io/charts\n' },
    says: '(from .env)',
  },
  {
    name: 'MESH_ISTIO_REPO without scheme',
    files: pkg('base: mkIstioBase()'),
    env: { MESH_ISTIO_REPO: 'blob.istio.io/charts' },
    says: '(from the environment)',
  },
  {
    name: 'MESH_CACHE_DIR a file',
    files: { ...pkg(''), cache: 'x' },
    env: { MESH_CACHE_DIR: 'cache' },
    says: 'is a file; mesh keeps its cache in a folder',
  },
  {
    name: 'MESH_HELM missing',
    files: pkg('base: mkIstioBase()'),
    argv: ['render'],
    env: { MESH_HELM: '/nonexistent/helm' },
    says: 'MESH_HELM',
  },
];

describe(`a corpus of ${CASES.length} bad inputs: each named, with a hint, the documented exit code, never a stack trace`, () => {
  test.each(CASES)('$name', async (c) => {
    const dir = makeProject(c.files);
    const run = await runMesh(c.argv ?? ['list'], {
      cwd: dir,
      env: { ...c.env, ...(c.env?.MESH_CACHE_DIR ? { MESH_CACHE_DIR: `${dir}/${c.env.MESH_CACHE_DIR}` } : {}) },
    });
    expectUserError(run, c.code ?? 2, c.says);
  });
});
