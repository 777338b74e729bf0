import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startStaticServer } from '../test/helpers/chart-server.js';
import { chartsRepoDir, projectRoot } from '../test/helpers/paths.js';
import { makeProject } from '../test/helpers/project.js';
import { interleave, median, once, type Command } from './measure.js';

export interface PxcFigures {
  helm: number;
  warm: number;
  cold: number;
}

/**
 * Percona's pxc-operator, a small real chart whose cost is mostly mesh's own
 * fixed cost: plain `helm template` beside mesh cold (empty cache, no lock)
 * and warm (nothing changed), from the same repository on 127.0.0.1.
 */
export async function benchPxc(helm: string, runs: number): Promise<PxcFigures> {
  const repo = await startStaticServer(chartsRepoDir);
  const config = `import { mkHelmChart } from 'k3d-mesh';\nexport default { packages: { 'pxc-operator': mkHelmChart({ name: 'pxc-operator', chart: 'pxc-operator', repo: '${repo.url}', version: '1.20.0', namespace: 'pxc' }) } };\n`;
  // Cold and warm in projects of their own: a cold run removes the lock and result a warm one relies on.
  const warmProject = makeProject({ 'mesh.config.ts': config });
  const project = makeProject({ 'mesh.config.ts': config });
  const render = (label: string, cache: string, before?: () => void, dir = project): Command => ({
    label,
    argv: [process.execPath, join(projectRoot, 'bin', 'mesh.js'), 'render', '--config', join(dir, 'mesh.config.ts')],
    cwd: dir,
    env: { MESH_HELM: helm, MESH_CACHE_DIR: join(dir, cache), CI: '' },
    ...(before ? { before } : {}),
  });
  const plain: Command = {
    label: 'helm template pxc-operator',
    argv: ['/bin/sh', '-c', `"${helm}" template pxc-operator pxc-operator --repo ${repo.url} --version 1.20.0 --namespace pxc >/dev/null`],
  };
  try {
    const warm = render('mesh render pxc-operator (warm)', '.cache-warm', undefined, warmProject);
    await once(warm);
    const [helmRuns, warmRuns, cold] = await interleave(
      [
        plain,
        warm,
        render('mesh render pxc-operator (cold)', '.cache-cold', () => {
          rmSync(join(project, '.cache-cold'), { recursive: true, force: true });
          rmSync(join(project, 'mesh.lock.json'), { force: true });
          rmSync(join(project, 'result'), { recursive: true, force: true });
        }),
      ],
      runs,
    );
    const ms = (samples: typeof helmRuns) => median(samples!.map((s) => s.ms));
    return { helm: ms(helmRuns), warm: ms(warmRuns), cold: ms(cold) };
  } finally {
    await repo.close();
    rmSync(project, { recursive: true, force: true });
    rmSync(warmProject, { recursive: true, force: true });
  }
}
