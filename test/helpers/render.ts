import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { buildModel, type Overrides } from '../../lib/model/model.js';
import { validateConfig } from '../../config/validate.js';
import { helmAdapter } from '../../lib/tools/helm/adapter.js';
import type { MeshConfig } from '../../lib/modules/types.js';
import { mkHelmChart, type HelmChartInput } from '../../lib/modules/helm.js';
import type { LockMode } from '../../lib/render/charts/source.js';
import { render, type RenderSummary } from '../../lib/render/render.js';
import { observedRunner, type Command } from '../../lib/process/runner.js';
import { realRunner } from '../../lib/process/real-runner.js';

export interface RenderRun {
  summary: RenderSummary;
  /** Every helm command that ran, as argument lists. */
  helm: string[][];
  warnings: string[];
}

export interface RenderSetup {
  /** The folder holding the (virtual) config file, mesh.lock.json and result/. */
  dir: string;
  cacheDir: string;
}

export function renderSetup(): RenderSetup {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-render-'));
  return { dir, cacheDir: join(dir, '.cache') };
}

/**
 * Renders a config object through the real pipeline (validation, model,
 * real helm) the way `mesh render` does, recording the helm calls.
 */
export async function renderConfig(
  config: MeshConfig,
  setup: RenderSetup,
  options: {
    select?: string[];
    out?: string;
    validate?: boolean;
    lockMode?: LockMode;
    update?: boolean;
    overrides?: Overrides;
    env?: Record<string, string>;
  } = {},
): Promise<RenderRun> {
  const file = join(setup.dir, 'mesh.config.ts');
  const env = { PATH: process.env.PATH ?? '', MESH_HELM: inject('helmPath'), ...options.env };
  const model = buildModel(validateConfig(config, 'mesh.config.ts'), file, env, options.overrides ?? {});
  const helm: string[][] = [];
  const warnings: string[] = [];
  const runner = observedRunner(realRunner(), ({ command, result }) => {
    if (!result && (command as Command).tool === 'helm') helm.push([...command.args]);
  });
  const adapter = helmAdapter({ runner, env, cacheDir: setup.cacheDir });
  const out = join(setup.dir, options.out ?? 'result');
  const summary = await render(
    model,
    {
      select: options.select ?? [],
      outDir: out,
      shownOut: options.out ?? 'result',
      validate: options.validate ?? true,
      lockMode: options.lockMode ?? 'write',
      update: options.update ?? false,
    },
    { helm: async () => adapter, cacheDir: setup.cacheDir, env, warn: (m) => warnings.push(m) },
  );
  return { summary, helm, warnings };
}

/** The helm subcommands that ran: `pull`, `template`, `version`. */
export function helmVerbs(run: RenderRun): string[] {
  return run.helm.map((args) => args[0]!);
}

/** kube-prometheus-stack 88.5.3 from the real charts' repository on 127.0.0.1, release kps in monitoring. */
export function kubePrometheusStack(values: Record<string, unknown>, extra: Partial<HelmChartInput> = {}) {
  return mkHelmChart({
    name: 'kps',
    chart: 'kube-prometheus-stack',
    repo: inject('chartsRepoUrl'),
    version: '88.5.3',
    namespace: 'monitoring',
    values,
    ...extra,
  });
}
