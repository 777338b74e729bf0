// `docker ps` and `docker [container] inspect`: the fake k3d's nodes as containers.
import { Out, flagBool, flagValue, sha256 } from '../common.js';
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

/** `docker [container] inspect [--format TEMPLATE] NAME...`: Config.Image is the reference the container was created from. */
export function inspectContainers(ctx: FakeContext, up: Json, names: string[], parsed: ParsedFlags, out: Out) {
  if (!up) return out.fail(1, DOCKER_DOWN).result();
  const nodes = listClusters(ctx.dir).flatMap((c) => c.nodes);
  const found: Json[] = [];
  const errors: string[] = [];
  for (const name of names) {
    const node = nodes.find((n: Json) => n.name === name);
    if (!node) {
      errors.push(`Error response from daemon: No such container: ${name}`);
      continue;
    }
    found.push({
      Id: sha256(`container/${node.name}`),
      Name: `/${node.name}`,
      Image: `sha256:${sha256(node.image)}`,
      State: { Status: node.running ? 'running' : 'exited', Running: !!node.running },
      Config: { Image: node.image, Labels: { 'k3d.role': node.role } },
    });
  }
  const format = flagValue(parsed, 'format');
  if (format) out.out(found.map((c) => `${goTemplate(format, c)}\n`).join(''));
  else out.out(`${JSON.stringify(found, null, 4)}\n`);
  if (errors.length) out.fail(1, errors.join('\n'));
  return out.result();
}
