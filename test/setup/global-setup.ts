import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStaticServer } from '../helpers/chart-server.js';
import { realHelmPath } from '../helpers/helm.js';
import { chartsRepoDir, istioRepoDir } from '../helpers/paths.js';
import { registryInstalled, startRegistry } from '../helpers/registry.js';

/**
 * Real helm, a real chart repository and a real OCI registry, started once
 * for the whole run and reached only on 127.0.0.1.
 */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const helmPath = await realHelmPath();
  provide('helmPath', helmPath);

  const repo = await startStaticServer(istioRepoDir);
  provide('istioRepoUrl', repo.url);
  const chartsRepo = await startStaticServer(chartsRepoDir);
  provide('chartsRepoUrl', chartsRepo.url);

  const charts = [istioRepoDir, chartsRepoDir].flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.tgz'))
      .map((name) => join(dir, name)),
  );
  // Without docker-registry the tests that push to it are skipped, each saying why (OCI_SKIP); the rest run.
  const registry = registryInstalled()
    ? await startRegistry({ helmPath, charts }).catch(async (error: unknown) => {
        await Promise.allSettled([repo.close(), chartsRepo.close()]);
        throw error;
      })
    : undefined;
  provide('ociRegistry', registry?.host ?? '');

  return async () => {
    await Promise.allSettled([repo.close(), chartsRepo.close(), ...(registry ? [registry.close()] : [])]);
  };
}
