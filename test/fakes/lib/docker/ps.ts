// `docker ps [-a] [--filter network=NAME] [--format TEMPLATE | -q]`: the fake k3d's nodes as containers.
import { Out, flagBool, flagValue } from '../common.js';
import { listClusters } from '../store.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { DOCKER_DOWN, goTemplate } from './main.js';

export function ps(ctx: FakeContext, up: Json, parsed: ParsedFlags, out: Out) {
  if (!up) return out.fail(1, DOCKER_DOWN).result();
  const all = flagBool(parsed, 'all');
  let containers = listClusters(ctx.dir).flatMap((c) =>
    c.nodes.map((n: Json) => ({
      ID: n.name.length.toString(16).padStart(12, '0'),
      Names: n.name,
      Networks: c.network.name,
      running: !!n.running,
    })),
  );
  if (!all) containers = containers.filter((c) => c.running);
  for (const filter of parsed.flags.get('filter') ?? []) {
    const [key, value = ''] = filter.split('=');
    if (key === 'network') containers = containers.filter((c) => c.Networks === value);
    if (key === 'name') containers = containers.filter((c) => c.Names.includes(value));
  }
  if (flagBool(parsed, 'quiet')) return out.out(containers.map((c) => `${c.ID}\n`).join('')).result();
  const format = flagValue(parsed, 'format');
  if (format) return out.out(containers.map((c) => `${goTemplate(format, c)}\n`).join('')).result();
  return out.out(['CONTAINER ID   NAMES', ...containers.map((c) => `${c.ID}   ${c.Names}`)].join('\n') + '\n').result();
}
