import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { ContentCache } from '../cache.js';
import { unpackedAlready } from './unpacked-archive.js';

const gunzipAsync = promisify(gunzip);
const gzipAsync = promisify(gzip);

/** Smaller archives unpack in a few milliseconds: a copy of them saves helm nothing. */
const WORTH_STORING = 256 * 1024;

/**
 * The archive helm is given for a chart. helm gunzips a chart in every
 * process, which for a large chart (kube-prometheus-stack: 1 MB unpacking to
 * 7 MB) is a tenth of its time. The same tar in gzip's stored form, with no
 * compression, reads at the speed of a copy and holds the same bytes, so helm
 * loads exactly the same files (`.helmignore` and all) as from the original.
 * That copy is made once per archive digest, on zlib's threads while this
 * render goes on, and used from the next render on; `pending` collects its
 * work so the run finishes it before exiting.
 */
export function archiveForHelm(cache: ContentCache, archive: string, digest: string, pending: Array<Promise<void>>): string {
  if (!archive.endsWith('.tgz')) return archive;
  const stored = cache.storedChartPath(digest);
  if (existsSync(stored)) return stored;
  const stat = statSync(archive, { throwIfNoEntry: false });
  if (stat?.isFile() && stat.size >= WORTH_STORING) pending.push(store(archive, stored));
  return archive;
}

async function store(archive: string, target: string): Promise<void> {
  const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    // A turn later: the render usually unpacks the archive meanwhile (capabilities.ts), and then shares it.
    await null;
    const tar = unpackedAlready(archive) ?? (await gunzipAsync(await readFile(archive)));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(tmp, await gzipAsync(tar, { level: 0 }));
    await rename(tmp, target);
  } catch {
    // Not a gzip archive helm could read either, or an unwritable cache: helm keeps the original.
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}
