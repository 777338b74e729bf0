import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startStaticServer } from '../test/helpers/chart-server.js';
import { chartsRepoDir, projectRoot } from '../test/helpers/paths.js';
import { makeProject } from '../test/helpers/project.js';
import { interleave, median, type Command } from './measure.js';

export interface KpsFigures {
  helm: number;
  warm: number;
  cold: number;
  changed: number;
}

/**
 * kube-prometheus-stack, a large real chart (10 CRDs, 5 MB), rendered by mesh
 * beside plain `helm template` of the same chart and values from the same
 * repository on 127.0.0.1: warm, cold, and after one value changed.
 */
export async function benchKps(helm: string, runs: number): Promise<KpsFigures> {
  const repo = await startStaticServer(chartsRepoDir);
  let replicas = 1;
  const config = () =>
    `import { mkHelmChart } from 'k3d-mesh';\nexport default { packages: { kps: mkHelmChart({ name: 'kps', chart: 'kube-prometheus-stack', repo: '${repo.url}', version: '88.5.3', namespace: 'monitoring', values: { prometheus: { prometheusSpec: { replicas: ${replicas} } } } }) } };\n`;
  const project = makeProject({ 'mesh.config.ts': config() });
  const mesh = join(projectRoot, 'bin', 'mesh.js');
  const render = (label: string, cache: string, before?: () => void): Command => ({
    label,
    argv: [process.execPath, mesh, 'render', '--config', join(project, 'mesh.config.ts')],
    cwd: project,
    env: { MESH_HELM: helm, MESH_CACHE_DIR: join(project, cache), CI: '' },
    ...(before ? { before } : {}),
  });
  const plain: Command = {
    label: 'helm template kube-prometheus-stack',
    argv: [
      '/bin/sh',
      '-c',
      `"${helm}" template kps kube-prometheus-stack --repo ${repo.url} --version 88.5.3 --namespace monitoring --include-crds --set prometheus.prometheusSpec.replicas=1 >/dev/null`,
    ],
  };
  try {
    const [helmRuns, warm, cold, changed] = await interleave(
      [
        plain,
        render('mesh render kps (warm)', '.cache-warm', () => rmSync(join(project, 'result'), { recursive: true, force: true })),
        render('mesh render kps (cold)', '.cache-cold', () => {
          rmSync(join(project, '.cache-cold'), { recursive: true, force: true });
          rmSync(join(project, 'mesh.lock.json'), { force: true });
        }),
        // A warm cache, and one value that differs from every earlier run: helm runs, the chart and checks stay cached.
        render('mesh render kps (one value changed)', '.cache-warm', () => {
          replicas += 1;
          writeFileSync(join(project, 'mesh.config.ts'), config());
        }),
      ],
      runs,
    );
    const ms = (samples: typeof helmRuns) => median(samples!.map((s) => s.ms));
    return { helm: ms(helmRuns), warm: ms(warm), cold: ms(cold), changed: ms(changed) };
  } finally {
    await repo.close();
    rmSync(project, { recursive: true, force: true });
  }
}
