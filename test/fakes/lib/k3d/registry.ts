// `k3d registry create NAME --port P --proxy-remote-url URL` and `k3d registry list -o json`
// (cmd/registry, pkg/client/registry.go): a registry node `k3d-NAME`, kept in `k3d/registries.json`, which
// clusters name in `registries.use` (`k3d-NAME:5000`) and which outlives them.
import { join } from 'node:path';
import { flagValue, readJson, writeJson } from '../common.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { Log } from './log.js';

const file = (dir: string) => join(dir, 'k3d', 'registries.json');

export function registries(dir: string): Json[] {
  return readJson(file(dir), []) as Json[];
}

export function registry(ctx: FakeContext, sub: string | undefined, parsed: ParsedFlags, names: string[], log: Log) {
  if (sub === 'list' || sub === 'ls' || sub === 'get') {
    const all = registries(ctx.dir);
    if (flagValue(parsed, 'output') === 'json') log.out.out(`${JSON.stringify(all)}\n`);
    else log.out.out(`NAME   ROLE   CLUSTER   STATUS\n${all.map((r) => `${r.name}   registry      running`).join('\n')}\n`);
    return log.out.result();
  }
  if (sub !== 'create') {
    log.out.fail(1, `Error: unknown command ${JSON.stringify(sub ?? '')} for "k3d registry"\nRun 'k3d registry --help' for usage.`);
    return log.out.result();
  }
  const host = `k3d-${names[0] ?? 'registry'}`;
  const all = registries(ctx.dir);
  if (all.some((r) => r.name === host)) return log.fatal_('Failed to create registry: A registry node with that name already exists');
  const port = flagValue(parsed, 'port') ?? 'random';
  const entry = {
    name: host,
    role: 'registry',
    port,
    proxy: flagValue(parsed, 'proxy-remote-url') ?? '',
    State: { Running: true, Status: 'running' },
  };
  writeJson(file(ctx.dir), [...all, entry]);
  log.info(`Creating node '${host}'`);
  log.info(`Successfully created registry '${host}'`);
  return log.out.result();
}

/** k3d's ClusterPrep: every registry in `registries.use` must exist, or the cluster is rolled back. */
export function missingRegistry(dir: string, use: unknown): string | undefined {
  const known = registries(dir).map((r) => r.name);
  return (Array.isArray(use) ? use : []).map((u) => String(u).split(':')[0]!).find((host) => !known.includes(host));
}
