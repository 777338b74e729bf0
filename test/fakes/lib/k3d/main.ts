// A fake k3d v5.8.3: parses the command line and hands each `k3d cluster`
// subcommand to its file here. Clusters live in $MESH_FAKE_STATE/k3d/clusters;
// their API objects (seeded with what k3s starts with) in $MESH_FAKE_STATE/api.
//
// Behaviour follows k3d-io/k3d: cmd/cluster/cluster{Create,List,Delete,Start,Stop}.go,
// pkg/client/{cluster,kubeconfig,ports}.go, pkg/types, pkg/runtimes/docker/translate.go.
// Logging follows k3d's logrus setup (cmd/root.go): INFO and DEBUG go to
// stdout, WARN/ERRO/FATA to stderr, coloured unless LOG_COLORS=false; FATA exits 1.
import { Out, flagBool, flagValue, parseFlags, scriptedFault } from '../common.js';
import type { FakeContext, Json } from '../types.js';
import { create } from './create.js';
import { del } from './delete.js';
import { list } from './list.js';
import { Log } from './log.js';
import { start, stop } from './start-stop.js';
import { imageImport } from './image-import.js';
import { registry } from './registry.js';
import { kubeconfigMerge } from './kubeconfig-merge.js';

export const K3D_VERSION = 'v5.8.3';

/** The k3d this fake is: v5.8.3 unless faults.json says another, as `[major, minor, patch]` too. */
export function k3dVersion(ctx: FakeContext): { text: string; parts: number[] } {
  const text = ctx.faults.versions?.k3d ?? K3D_VERSION;
  return {
    text,
    parts: text
      .replace(/^v/, '')
      .split('.')
      .map((n) => parseInt(n, 10)),
  };
}

/** True when this k3d is older than `wanted` (`[5, 5, 0]`). */
export function olderThan(ctx: FakeContext, wanted: number[]): boolean {
  const { parts } = k3dVersion(ctx);
  for (let i = 0; i < 3; i++) if ((parts[i] ?? 0) !== wanted[i]) return (parts[i] ?? 0) < wanted[i]!;
  return false;
}

export const K3S_VERSION = 'v1.35.2-k3s1';

export const DEFAULT_IMAGE = `docker.io/rancher/k3s:${K3S_VERSION}`;

export const DOCKER_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

export const DEFAULT_PORT_TARGETS = '[servers:*:proxy agents:*:proxy]';

const VALUE_FLAGS = new Set([
  'config',
  'c',
  'output',
  'o',
  'servers',
  's',
  'agents',
  'a',
  'image',
  'i',
  'port',
  'p',
  'api-port',
  'network',
  'k3s-arg',
  'timeout',
  'token',
  'subnet',
  'volume',
  'v',
  'env',
  'e',
]);

const SHORT = { c: 'config', o: 'output', s: 'servers', a: 'agents', i: 'image', p: 'port', v: 'volume', e: 'env' };
// `k3d image import -c` is --cluster, not --config.
const IMAGE_SHORT = { ...SHORT, c: 'cluster', m: 'mode' };

/** `-a` is --agents for create but --all for delete/start/stop. */
function tables(argv: string[]): [ReadonlySet<string>, Record<string, string>] {
  if (argv[0] === 'image') return [new Set([...VALUE_FLAGS, 'cluster', 'mode']), IMAGE_SHORT];
  if (argv[0] === 'registry') return [new Set([...VALUE_FLAGS, 'proxy-remote-url', 'default-network']), SHORT];
  if (argv[0] === 'cluster' && ['delete', 'rm', 'del', 'start', 'stop'].includes(argv[1] ?? '')) {
    const values = new Set([...VALUE_FLAGS].filter((f) => f !== 'a'));
    return [values, { ...SHORT, a: 'all' }];
  }
  return [VALUE_FLAGS, SHORT];
}

export function wantsStdin(argv: string[]) {
  const parsed = parseFlags(argv, ...tables(argv));
  return parsed.args[0] === 'cluster' && ['create'].includes(parsed.args[1] ?? '') && flagValue(parsed, 'config') === '-';
}

export function k3d(ctx: FakeContext) {
  const out = new Out();
  const log = new Log(out, ctx.env);
  const parsed = parseFlags(ctx.argv, ...tables(ctx.argv));
  const [group, sub, ...names] = parsed.args;
  if (flagBool(parsed, 'version') && !group) return printVersion(out, undefined, ctx);
  if (group === 'version') {
    const scripted = scriptedFault(ctx.dir, ctx.faults, 'k3d', 'version', ctx.argv);
    if (scripted) return scripted;
    return printVersion(out, flagValue(parsed, 'output'), ctx);
  }
  if (group === 'kubeconfig' && sub === 'merge') {
    const scripted = scriptedFault(ctx.dir, ctx.faults, 'k3d', 'merge', ctx.argv);
    if (scripted) return scripted;
    return kubeconfigMerge(ctx, parsed, names, log);
  }
  if (group === 'registry' || group === 'reg') {
    const scripted = scriptedFault(ctx.dir, ctx.faults, 'k3d', 'registry', ctx.argv);
    if (scripted) return scripted;
    return registry(ctx, sub, parsed, names, log);
  }
  if (group === 'image' && (sub === 'import' || sub === 'load')) {
    const scripted = scriptedFault(ctx.dir, ctx.faults, 'k3d', 'import', ctx.argv);
    if (scripted) return scripted;
    return imageImport(ctx, parsed, names, log);
  }
  if (group !== 'cluster') {
    return out.fail(1, `Error: unknown command ${JSON.stringify(group ?? '')} for "k3d"\nRun 'k3d --help' for usage.`).result();
  }
  const command = ({ ls: 'list', get: 'list', rm: 'delete', del: 'delete' } as Record<string, string>)[sub ?? ''] ?? sub;
  const scripted = scriptedFault(ctx.dir, ctx.faults, 'k3d', command ?? '', ctx.argv);
  if (scripted) return scripted;
  const down = ctx.faults.docker?.daemon === 'down';
  switch (command) {
    case 'create':
      return create(ctx, parsed, names, log, down);
    case 'list':
      return list(ctx, parsed, names, log, down);
    case 'delete':
      return del(ctx, parsed, names, log, down);
    case 'start':
      return start(ctx, parsed, names, log, down);
    case 'stop':
      return stop(ctx, parsed, names, log, down);
    default:
      return out
        .fail(1, `Error: unknown command ${JSON.stringify(sub ?? '')} for "k3d cluster"\nRun 'k3d cluster --help' for usage.`)
        .result();
  }
}

function printVersion(out: Out, output: Json, ctx: FakeContext) {
  const version = k3dVersion(ctx).text;
  if (output === 'json') return out.out(`${JSON.stringify({ k3d: version, k3s: K3S_VERSION })}\n`).result();
  return out.out(`k3d version ${version}\nk3s version ${K3S_VERSION} (default)\n`).result();
}

// -------------------------------------------------------------------- helpers
