import { randomBytes } from 'node:crypto';
import { mkdir, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { MeshError } from '../../errors.js';

/** The first helm with OCI registries enabled without `HELM_EXPERIMENTAL_OCI`. */
const MINIMUM = { major: 3, minor: 8 } as const;

interface CacheEntry {
  size: number;
  mtimeMs: number;
  version: string;
}

type CacheFile = Record<string, CacheEntry>;

/**
 * `helm version` costs a process start on every run, yet only changes when the
 * binary does. The binary's realpath, size and mtime stand in for its identity,
 * so replacing or upgrading helm invalidates the entry.
 */
export async function cachedHelmVersion(cacheDir: string, binary: string): Promise<string | undefined> {
  const identity = await identify(binary);
  const entry = (await readCache(cacheDir))[identity.key];
  if (entry && entry.size === identity.size && entry.mtimeMs === identity.mtimeMs) return entry.version;
  return undefined;
}

export async function rememberHelmVersion(cacheDir: string, binary: string, version: string): Promise<void> {
  const identity = await identify(binary);
  const cache = await readCache(cacheDir);
  cache[identity.key] = { size: identity.size, mtimeMs: identity.mtimeMs, version };
  const file = cacheFile(cacheDir);
  await mkdir(dirname(file), { recursive: true });
  // Renamed into place so a concurrent run never reads half a file.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(cache, null, 2)}\n`);
  await rename(temp, file);
}

/** `v4.1.4` from the output of `helm version --template '{{.Version}}'`; throws when helm is too old for mesh. */
export function checkHelmVersion(output: string, binary: string): string {
  const match = /v?(\d+)\.(\d+)\.(\d+)\S*/.exec(output.trim());
  if (!match) {
    throw new MeshError(`could not read the version of helm at ${binary} (it printed "${output.trim()}")`, {
      hint: 'check that MESH_HELM or the helm on PATH is Helm 3.8 or newer',
    });
  }
  const version = match[0].startsWith('v') ? match[0] : `v${match[0]}`;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major < MINIMUM.major || (major === MINIMUM.major && minor < MINIMUM.minor)) {
    throw new MeshError(
      `helm ${version} at ${binary} is too old: mesh needs Helm ${MINIMUM.major}.${MINIMUM.minor} or newer for OCI charts`,
      {
        hint: 'upgrade helm (https://helm.sh/docs/intro/install/), or point MESH_HELM at a newer one',
      },
    );
  }
  return version;
}

export function cacheFile(cacheDir: string): string {
  return join(cacheDir, 'helm-version.json');
}

async function identify(binary: string): Promise<{ key: string; size: number; mtimeMs: number }> {
  const key = await realpath(binary);
  const info = await stat(key);
  return { key, size: info.size, mtimeMs: info.mtimeMs };
}

async function readCache(cacheDir: string): Promise<CacheFile> {
  try {
    const parsed: unknown = JSON.parse(await readFile(cacheFile(cacheDir), 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as CacheFile) : {};
  } catch {
    // Missing or corrupt: the cache is only a shortcut, so start over.
    return {};
  }
}

/** `--plain-http` (an OCI registry without TLS) came with Helm 3.13; older ones fail with "unknown flag". */
export function checkPlainHttp(version: string, binary: string, chart: string): void {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  if (major > 3 || (major === 3 && minor >= 13)) return;
  throw new MeshError(`helm ${version} at ${binary} cannot reach ${chart} over plain HTTP: \`--plain-http\` came with Helm 3.13`, {
    hint: 'upgrade helm to 3.13 or newer (https://helm.sh/docs/intro/install/), point MESH_HELM at one, or serve the registry over TLS and drop `plainHttp`',
  });
}
