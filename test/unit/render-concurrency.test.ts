import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildModel } from '../../lib/model/model.js';
import { validateConfig } from '../../config/validate.js';
import { helmAdapter } from '../../lib/tools/helm/adapter.js';
import { mkHelmChart } from '../../lib/modules/helm.js';
import { render } from '../../lib/render/render.js';
import { FakeRunner } from '../helpers/fake-runner.js';
import { istioChartsDir } from '../helpers/paths.js';

type Answer = string | { exitCode: number; stderr: string };

function setup(templates: (release: string) => Promise<Answer>) {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-concurrency-'));
  const runner = new FakeRunner().on('helm version', { stdout: 'v4.1.4' }).on('helm template', async (command) => {
    const answer = await templates(command.args[1]!);
    return typeof answer === 'string' ? { stdout: answer } : answer;
  });
  const env = { MESH_HELM: process.execPath, PATH: '' };
  const charts = ['base', 'istiod', 'gateway'];
  const packages = Object.fromEntries(charts.map((c) => [c, mkHelmChart({ name: c, chart: join(istioChartsDir, c), namespace: 'ns' })]));
  const model = buildModel(validateConfig({ packages }, 'mesh.config.ts'), join(dir, 'mesh.config.ts'), env, {});
  const run = () =>
    render(
      model,
      { select: [], outDir: join(dir, 'result'), shownOut: 'result', validate: false, lockMode: 'write', update: false },
      {
        helm: async () => helmAdapter({ runner, env, cacheDir: join(dir, 'cache') }),
        cacheDir: join(dir, 'cache'),
        warn: () => {},
      },
    );
  return { run, runner };
}

const objectFor = (release: string) => `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${release}\n`;

describe('render with a fake helm that answers template after a barrier', () => {
  test('targets render concurrently: all three templates are in flight at once', async () => {
    let inFlight = 0;
    let peak = 0;
    let release!: () => void;
    const allStarted = new Promise<void>((resolve) => (release = resolve));
    const { run } = setup(async (name) => {
      peak = Math.max(peak, ++inFlight);
      if (inFlight === 3) release();
      await allStarted;
      inFlight--;
      return objectFor(name);
    });
    const summary = await run();
    expect(peak).toBe(3);
    expect(summary.rendered.map((r) => r.name).sort()).toEqual(['base', 'gateway', 'istiod']);
  });

  test('one failing target fails the render, names it, and the others still finish', async () => {
    const finished: string[] = [];
    const { run } = setup(async (name) => {
      if (name === 'istiod') return { exitCode: 1, stderr: 'Error: template: istiod/templates/x.yaml:3: bad' };
      finished.push(name);
      return objectFor(name);
    });
    await expect(run()).rejects.toThrow(/^istiod: .*exited with code 1\n.*template: istiod\/templates\/x\.yaml:3: bad/s);
    expect(finished.sort()).toEqual(['base', 'gateway']);
  });
});
