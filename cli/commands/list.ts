import { relative } from 'node:path';
import type { Model } from '../../lib/model/model.js';
import type { ManifestTarget } from '../../lib/model/targets.js';
import type { Context } from '../context.js';
import type { Register } from '../host.js';
import { plural } from '../../lib/text/plural.js';
import { refOf } from '../../lib/modules/remote-ref.js';
import { ContentCache } from '../../lib/render/cache.js';
import { lastCrdNeeds, orderWithCrdNeeds, type CrdNeed } from '../../lib/render/crd-needs.js';

export const registerList: Register = (program, host) => {
  program
    .command('list')
    .description('show clusters and build targets, in apply order, with what each needs')
    .option('--json', 'print stable JSON')
    .action(async (flags: { json?: boolean }) => {
      host.json(flags.json);
      await list(host.context(), flags);
    });
};

/** `mesh list`: what `nix flake show` showed: clusters and build targets. */
async function list(ctx: Context, flags: { json?: boolean }): Promise<void> {
  const { model, shown } = await ctx.load();
  const found = lastCrdNeeds(new ContentCache(ctx.cacheDir), model.dir);
  const data = describe(model, shown, ctx.deps.cwd, found ?? []);
  const unknown = found === undefined && model.targets.some((t) => t.kind === 'chart');
  const note = unknown
    ? "(a chart's custom resources whose CRD another target brings order it after that target; `mesh render` finds them)\n"
    : '';
  ctx.deps.stdout(flags.json ? `${JSON.stringify(data, null, 2)}\n` : `${tree(data)}${note}`);
}

type Listing = ReturnType<typeof describe>;

/** `crdNeeds`: what the last render found (list itself renders nothing), shown beside the declared needs and ordering by them. */
export function describe(model: Model, shown: string, cwd: string, crdNeeds: readonly CrdNeed[] = []) {
  return {
    schemaVersion: 1 as const,
    config: shown,
    istio: { version: model.istio.version, repo: model.istio.repo, origin: model.istio.origin },
    clusters: model.clusters.map((c) => ({
      name: c.name,
      kind: c.kind,
      context: c.context,
      ...(c.kind === 'existing' ? { kubeconfig: c.kubeconfig ?? null } : {}),
      image: c.kind === 'k3d' ? (c.config.image ?? null) : null,
      servers: c.kind === 'k3d' ? (c.config.servers ?? 1) : null,
      agents: c.kind === 'k3d' ? (c.config.agents ?? 0) : null,
      network: c.kind === 'k3d' ? (c.config.network ?? null) : null,
      hostPorts: c.hostPorts,
      ports:
        c.kind === 'k3d' ? (c.config.ports ?? []).map((p) => `${p.port}${p.nodeFilters?.length ? `@${p.nodeFilters.join(',')}` : ''}`) : [],
      targets: c.targets,
      reaches: reachesOf(model, c.targets),
    })),
    targets: orderWithCrdNeeds(model.targets, crdNeeds).map((t) => ({
      name: t.name,
      kind: t.kind,
      role: t.role,
      ...chartInfo(t, cwd),
      namespaces: t.namespaces,
      needs: t.needs,
      crdNeeds: crdNeeds.filter((n) => n.target === t.name).map((n) => ({ target: n.owner, kinds: n.kinds })),
      clusters: model.clusters.filter((c) => c.targets.includes(t.name)).map((c) => c.name),
    })),
    scripts: model.scripts.map((s) => ({ name: s.name, kind: 'k3d-script', cluster: s.cluster })),
  };
}

/** The services in other clusters a cluster's targets reach, which its deploy waits for. */
function reachesOf(model: Model, targets: readonly string[]) {
  return model.targets
    .filter((t) => targets.includes(t.name))
    .flatMap((t) => (t.kind === 'objects' ? t.objects.map((o) => ({ target: t.name, ref: refOf(o) })) : []))
    .flatMap(({ target, ref }) =>
      typeof ref === 'object'
        ? [
            {
              target,
              cluster: ref.cluster,
              namespace: ref.namespace,
              service: ref.pod === undefined ? ref.service : `pod/${ref.pod}`,
              port: ref.port,
            },
          ]
        : [],
    );
}

function chartInfo(target: ManifestTarget, cwd: string) {
  if (target.kind !== 'chart') return { objects: target.objects.map((o) => `${o.kind}/${o.metadata.name}`) };
  const c = target.chart;
  const local = !c.repo && !c.chart.startsWith('oci://');
  return {
    chart: { name: local ? relative(cwd, c.chart) || '.' : c.chart, version: c.version ?? null, repo: c.repo ?? null, release: c.name },
  };
}

function tree(data: Listing): string {
  const origin = (o: string) =>
    o === 'default' ? 'default' : `from ${o === 'env' ? 'the environment' : o === 'flag' ? 'a flag' : 'the config'}`;
  const lines = [
    `${data.config}: istio ${data.istio.version} (${origin(data.istio.origin.version)}) from ${data.istio.repo} (${origin(data.istio.origin.repo)})`,
  ];
  lines.push('clusters');
  if (data.clusters.length === 0) lines.push('└── (none)');
  data.clusters.forEach((c, i) => {
    const [branch, stem] = i === data.clusters.length - 1 ? ['└──', '    '] : ['├──', '│   '];
    const ports = c.hostPorts.length ? `, host ports ${c.hostPorts.join(', ')}` : '';
    lines.push(
      c.kind === 'existing'
        ? `${branch} ${c.name}  existing cluster, context ${c.context}${c.kubeconfig ? ` in ${c.kubeconfig}` : ''}`
        : `${branch} ${c.name}  ${c.image}, ${plural(c.servers ?? 1, 'server')}, ${plural(c.agents ?? 0, 'agent')}${ports}${c.network ? `, network ${c.network}` : ''}, context ${c.context}`,
    );
    lines.push(`${stem}gets: ${c.targets.join(', ') || '(nothing)'}`);
    for (const r of c.reaches)
      lines.push(
        `${stem}reaches: ${r.cluster}'s ${r.service.startsWith('pod/') ? '' : 'service '}${r.namespace}/${r.service}:${r.port} (${r.target})`,
      );
  });
  lines.push('targets, in apply order');
  const rows = [
    ...data.targets.map((t) => [
      t.name,
      ROLES[t.role] ?? t.role,
      source(t),
      t.namespaces.length ? `ns ${t.namespaces.join(',')}` : '',
      needsCell(t),
    ]),
    ...data.scripts.map((s) => [s.name, 'k3d scripts', `for cluster ${s.cluster}`, '', '']),
  ];
  const width = rows.map((row) => row.map((cell) => cell.length)).reduce((a, b) => a.map((w, i) => Math.max(w, b[i]!)), [0, 0, 0, 0, 0]);
  if (rows.length === 0) lines.push('└── (none)');
  rows.forEach((row, i) => {
    const branch = i === rows.length - 1 ? '└──' : '├──';
    lines.push(
      `${branch} ${row
        .map((cell, j) => cell.padEnd(width[j]!))
        .join('  ')
        .trimEnd()}`,
    );
  });
  return `${lines.join('\n')}\n`;
}

const ROLES: Record<string, string> = {
  namespace: 'namespace',
  crds: 'CRDs',
  'control-plane': 'control plane',
  gateway: 'gateway',
  chart: 'chart',
  objects: 'objects',
  'service-entry': 'service entry',
};

function needsCell(t: Listing['targets'][number]): string {
  const found = t.crdNeeds
    .filter((n) => !t.needs.includes(n.target))
    .map((n) => `${n.target} (CRD of its ${n.kinds.join(', ')}, found by the last render)`);
  const all = [...t.needs, ...found];
  return all.length ? `needs ${all.join(', ')}` : '';
}

function source(t: Listing['targets'][number]): string {
  if ('chart' in t && t.chart) return `chart ${t.chart.name}${t.chart.version ? ` ${t.chart.version}` : ''}`;
  const objects = 'objects' in t ? (t.objects ?? []) : [];
  return objects.length === 1 ? objects[0]! : plural(objects.length, 'object');
}
