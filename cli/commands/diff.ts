import type { Change } from '../../lib/diff/cluster-diff.js';
import { EXIT, isMeshError, MeshError } from '../../lib/errors.js';
import { plural } from '../../lib/text/plural.js';
import { isCI, type Context } from '../context.js';
import { collect, type CommandHost, type Register } from '../host.js';

interface DiffFlags {
  cluster: string[];
  pruneCrds?: boolean;
  json?: boolean;
}

export const registerDiff: Register = (program, host) => {
  program
    .command('diff')
    .description('show what deploy would change, from the API server’s dry run; exit 0: nothing, 1: changes, 2: error')
    .argument('[targets...]', 'only these targets (see `mesh list`)')
    .option('--cluster <name>', 'only this cluster (repeatable)', collect, [])
    .option('--prune-crds', 'count CRDs a target no longer renders among what deploy --prune-crds would delete')
    .option('--json', 'print the changes as JSON (schemaVersion 1)')
    .action(async (targets: string[], flags: DiffFlags) => {
      host.json(flags.json);
      try {
        await diff(host.context(), host, targets, flags);
      } catch (error) {
        // As `kubectl diff`: 1 means "there are changes", so any failure is 2.
        if (isMeshError(error) && error.exitCode === EXIT.FAILED)
          throw new MeshError(error.message, { ...hintOf(error), exitCode: EXIT.USAGE, cause: error });
        throw error;
      }
    });
};

/** `mesh diff`: what `mesh deploy` would change on each cluster, per target and object, changing nothing. */
async function diff(ctx: Context, host: CommandHost, selected: string[], flags: DiffFlags): Promise<void> {
  const { model } = await ctx.load();
  const [{ selectClusters }, { lifecycleDeps }, { diffCluster }, { checkTargetNames }] = await Promise.all([
    import('../../tasks/stages.js'),
    import('../../lib/lifecycle/real-deps.js'),
    import('../../lib/diff/cluster-diff.js'),
    import('../../lib/render/select.js'),
  ]);
  checkTargetNames(model, selected);
  const clusters = selectClusters(model, flags.cluster);
  const deps = lifecycleDeps({
    model,
    env: ctx.deps.env,
    cacheDir: ctx.cacheDir,
    lockMode: isCI(ctx.deps.env) ? 'verify' : 'write',
    warn: (message) => ctx.warn(message),
  });
  const found: Array<{ name: string; context: string; changes: Change[] }> = [];
  for (const cluster of clusters) {
    const rendered = await deps.render(cluster.name, ctx.runner, ctx.deps.signal);
    const targets = model.targets.filter((t) => cluster.targets.includes(t.name) && (selected.length === 0 || selected.includes(t.name)));
    const changes = await diffCluster({
      context: cluster.context,
      targets,
      rendered,
      kubectl: deps.tools(ctx.runner).kubectl,
      pruneCrds: flags.pruneCrds ?? false,
      signal: ctx.deps.signal,
    });
    const mine = selected.length === 0 ? changes : changes.filter((c) => selected.includes(c.target));
    found.push({ name: cluster.name, context: cluster.context, changes: mine });
  }
  const count = found.reduce((n, c) => n + c.changes.length, 0);
  ctx.deps.stdout(
    flags.json ? `${JSON.stringify({ schemaVersion: 1, changed: count, clusters: found }, null, 2)}\n` : toText(found, count),
  );
  if (count > 0) host.exitWith(EXIT.FAILED);
}

const MARK = { create: '+', update: '~', delete: '-' } as const;

function toText(found: ReadonlyArray<{ name: string; context: string; changes: Change[] }>, count: number): string {
  const lines: string[] = [];
  for (const cluster of found) {
    lines.push(`${cluster.name} (context ${cluster.context})${cluster.changes.length === 0 ? ': no changes' : ''}`);
    let target: string | undefined;
    for (const change of cluster.changes) {
      if (change.target !== target) lines.push(`  ${(target = change.target)}`);
      lines.push(`    ${MARK[change.change]} ${change.object}${change.note ? ` (${change.note})` : ''}`);
      if (change.diff)
        lines.push(
          ...change.diff
            .trimEnd()
            .split('\n')
            .map((l) => `      ${l}`),
        );
    }
  }
  const by = (kind: Change['change']) => found.reduce((n, c) => n + c.changes.filter((x) => x.change === kind).length, 0);
  lines.push(
    count === 0
      ? 'no changes'
      : `${plural(count, 'change')}: ${by('create')} to create, ${by('update')} to update, ${by('delete')} to delete`,
  );
  return `${lines.join('\n')}\n`;
}

function hintOf(error: MeshError): { hint?: string } {
  return error.hint === undefined ? {} : { hint: error.hint };
}
