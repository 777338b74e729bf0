import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, test } from 'vitest';
import { MeshError } from '../../lib/errors.js';
import { mkHelmChart } from '../../lib/modules/helm.js';
import { mkIstioBase, mkIstioGateway, mkIstiod } from '../../lib/modules/istio.js';
import { startStaticServer, type StaticServer } from '../helpers/chart-server.js';
import { istioRepoDir } from '../helpers/paths.js';
import { helmVerbs, renderConfig, renderSetup } from '../helpers/render.js';

/** The digests in the Istio 1.30.3 repo's index.yaml, which `helm pull` always produced. */
const DIGESTS = {
  base: '4d50d1583aea42892d9227f3442fa16bd992ba67a144f5734ac79985929a87ce',
  istiod: '7e3329762b393c66a5166c79a6d340fc8acc8c49644647f69c987a192b3c98f2',
  gateway: '6091db964a4b30a5725754e34859a1f9c9dd4881062ea6300047f6a7477ef81a',
} as const;

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.allSettled(closers.splice(0).map((close) => close()));
});

async function serve(root: string): Promise<StaticServer> {
  const server = await startStaticServer(root, { log: true });
  closers.push(() => server.close());
  return server;
}

/** A copy of the Istio repo in a writable folder, for indexes and archives a test changes. */
function repoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-repo-'));
  for (const name of readdirSync(istioRepoDir)) writeFileSync(join(dir, name), readFileSync(join(istioRepoDir, name)));
  return dir;
}

const istioConfig = (repo: string, version = '1.30.3') => ({
  istio: { repo, version },
  packages: { base: mkIstioBase(), istiod: mkIstiod(), gateway: mkIstioGateway() },
});

function lockOf(dir: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(join(dir, 'mesh.lock.json'), 'utf8')) as { charts: Record<string, unknown> }).charts;
}

describe('charts from an http chart repository are downloaded by mesh, templated by helm (real helm)', () => {
  test('a cold render of the three Istio charts runs no helm pull, only helm template, and locks the index digests', async () => {
    const setup = renderSetup();
    const repo = inject('istioRepoUrl');
    const run = await renderConfig(istioConfig(repo), setup);
    expect(helmVerbs(run)).not.toContain('pull');
    expect(helmVerbs(run).filter((verb) => verb === 'template')).toHaveLength(3);
    expect(helmVerbs(run).sort()).toEqual(['template', 'template', 'template', 'version']);
    for (const rendered of run.summary.rendered) {
      expect(rendered.chart).toEqual({ version: '1.30.3', digest: DIGESTS[rendered.name as keyof typeof DIGESTS], pulled: true });
    }
    expect(lockOf(setup.dir)).toEqual({
      [`${repo}/base@1.30.3`]: { version: '1.30.3', digest: DIGESTS.base, url: `${repo}/base-1.30.3.tgz` },
      [`${repo}/istiod@1.30.3`]: { version: '1.30.3', digest: DIGESTS.istiod, url: `${repo}/istiod-1.30.3.tgz` },
      [`${repo}/gateway@1.30.3`]: { version: '1.30.3', digest: DIGESTS.gateway, url: `${repo}/gateway-1.30.3.tgz` },
    });
    expect(readFileSync(join(setup.dir, 'result', 'istiod', 'manifest.yaml'), 'utf8')).toContain('name: istiod');
  });

  test('the repository index is downloaded once for all three charts, each archive once', async () => {
    const repo = await serve(istioRepoDir);
    await renderConfig(istioConfig(repo.url), renderSetup());
    expect([...repo.requests].sort()).toEqual([
      'GET /base-1.30.3.tgz',
      'GET /gateway-1.30.3.tgz',
      'GET /index.yaml',
      'GET /istiod-1.30.3.tgz',
    ]);
  });

  test('with a lock that records each archive, a cold cache fetches the archives alone: no index, the lock unchanged', async () => {
    const repo = await serve(istioRepoDir);
    const setup = renderSetup();
    await renderConfig(istioConfig(repo.url), setup);
    const lock = readFileSync(join(setup.dir, 'mesh.lock.json'), 'utf8');
    repo.requests.splice(0);
    const cold = await renderConfig(istioConfig(repo.url), { ...setup, cacheDir: join(setup.dir, '.cache-2') });
    expect([...repo.requests].sort()).toEqual(['GET /base-1.30.3.tgz', 'GET /gateway-1.30.3.tgz', 'GET /istiod-1.30.3.tgz']);
    expect(cold.summary.rendered.map((r) => r.chart?.digest).sort()).toEqual(Object.values(DIGESTS).sort());
    expect(readFileSync(join(setup.dir, 'mesh.lock.json'), 'utf8')).toBe(lock);
  });

  test('a recorded archive that changed since is not used: the index is read, and the mismatch reported as before', async () => {
    const dir = repoCopy();
    const repo = await serve(dir);
    const setup = renderSetup();
    await renderConfig(istioConfig(repo.url), setup);
    writeFileSync(join(dir, 'base-1.30.3.tgz'), 'republished');
    repo.requests.splice(0);
    const error = await renderConfig(istioConfig(repo.url), { ...setup, cacheDir: join(setup.dir, '.cache-2') }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MeshError);
    expect((error as MeshError).message).toContain('base');
    expect(repo.requests).toContain('GET /index.yaml');
  });

  test('archive URLs are resolved as helm does: relative to the repo folder, or absolute to another host', async () => {
    const dir = repoCopy();
    const archives = await serve(istioRepoDir);
    mkdirSync(join(dir, 'archives'));
    writeFileSync(join(dir, 'archives', 'gateway-1.30.3.tgz'), readFileSync(join(istioRepoDir, 'gateway-1.30.3.tgz')));
    const index = readFileSync(join(dir, 'index.yaml'), 'utf8')
      .replace('- gateway-1.30.3.tgz', '- archives/gateway-1.30.3.tgz')
      .replace('- base-1.30.3.tgz', `- ${archives.url}/base-1.30.3.tgz`);
    writeFileSync(join(dir, 'index.yaml'), index);
    const repo = await serve(dir);
    const setup = renderSetup();
    const run = await renderConfig(
      { istio: { repo: `${repo.url}/`, version: '1.30.3' }, packages: { base: mkIstioBase(), gateway: mkIstioGateway() } },
      setup,
    );
    expect(helmVerbs(run)).not.toContain('pull');
    expect([...repo.requests].sort()).toEqual(['GET /archives/gateway-1.30.3.tgz', 'GET /index.yaml']);
    expect(archives.requests).toEqual(['GET /base-1.30.3.tgz']);
    expect(run.summary.rendered.map((r) => r.chart?.digest).sort()).toEqual([DIGESTS.base, DIGESTS.gateway].sort());
  });

  test('a version range is left to helm pull, which resolves and locks it', async () => {
    const repo = await serve(istioRepoDir);
    const setup = renderSetup();
    const chart = mkHelmChart({ name: 'gw', chart: 'gateway', repo: repo.url, version: '~1.30.0', namespace: 'edge' });
    const run = await renderConfig({ packages: { gw: chart } }, setup);
    expect(helmVerbs(run)).toContain('pull');
    // Only helm's own requests: mesh did not fetch the index for a range.
    expect(repo.requests).toEqual(['GET /index.yaml', 'GET /gateway-1.30.3.tgz']);
    expect(lockOf(setup.dir)[`${repo.url}/gateway@~1.30.0`]).toEqual({ version: '1.30.3', digest: DIGESTS.gateway });
  });

  test('a repository that refuses access is left to helm pull, whose error is the one reported', async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      requests.push(`${request.method} ${request.url}`);
      response.writeHead(401, { 'www-authenticate': 'Basic realm="charts"' }).end('unauthorized\n');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    closers.push(() => new Promise<void>((done) => server.close(() => done())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const chart = mkHelmChart({ name: 'gw', chart: 'gateway', repo: url, version: '1.30.3', namespace: 'edge' });
    const failure = renderConfig({ packages: { gw: chart } }, renderSetup());
    await expect(failure).rejects.toThrow(MeshError);
    await expect(failure).rejects.toThrow(`gw: ${url} is not a valid chart repository`);
    await expect(failure).rejects.toThrow(/helm: .*401/);
    // mesh asked once, then helm asked again and failed in its own words.
    expect(requests).toEqual(['GET /index.yaml', 'GET /index.yaml']);
  });

  test('an archive that does not match its index digest fails the render and locks nothing', async () => {
    const dir = repoCopy();
    const tampered = Buffer.concat([readFileSync(join(dir, 'istiod-1.30.3.tgz')), Buffer.from([0])]);
    writeFileSync(join(dir, 'istiod-1.30.3.tgz'), tampered);
    const repo = await serve(dir);
    const setup = renderSetup();
    const failure = renderConfig({ istio: { repo: repo.url, version: '1.30.3' }, packages: { istiod: mkIstiod() } }, setup);
    await expect(failure).rejects.toThrow(MeshError);
    await expect(failure).rejects.toMatchObject({ exitCode: 1 });
    const digest = createHash('sha256').update(tampered).digest('hex');
    await expect(failure).rejects.toThrow(
      `istiod: chart istiod 1.30.3 from ${repo.url}/istiod-1.30.3.tgz has digest ${digest}, but the repository's index.yaml says ${DIGESTS.istiod}`,
    );
    expect(existsSync(join(setup.dir, 'mesh.lock.json'))).toBe(false);
    expect(existsSync(join(setup.dir, 'result'))).toBe(false);
  });

  test('with HTTPS_PROXY set, charts are pulled by helm, which honours proxies', async () => {
    const repo = await serve(istioRepoDir);
    const setup = renderSetup();
    const chart = mkHelmChart({ name: 'gw', chart: 'gateway', repo: repo.url, version: '1.30.3', namespace: 'edge' });
    const run = await renderConfig({ packages: { gw: chart } }, setup, { env: { HTTPS_PROXY: 'http://127.0.0.1:9' } });
    expect(helmVerbs(run)).toContain('pull');
    expect(repo.requests).toEqual(['GET /index.yaml', 'GET /gateway-1.30.3.tgz']);
    expect(run.summary.rendered[0]!.chart).toEqual({ version: '1.30.3', digest: DIGESTS.gateway, pulled: true });
  });
});
