import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../errors.js';
import { sha256 } from '../digest.js';
import { recoverInterruptedSwap } from './swap.js';

export interface OutputFile {
  /** Relative to the output folder, with `/` separators. */
  path: string;
  content: string;
  executable?: boolean;
}

const LARGE = 64 * 1024;

/** Marks a folder as mesh's output, so mesh only ever replaces what it wrote. */
export const MARKER = '.mesh-result.json';

/**
 * What the marker holds is only what the files are, so two renders of the
 * same inputs write the same bytes, marker included; a user who commits
 * `result/` sees no change. When mesh wrote each file lives in its cache.
 */
interface Marker {
  /** A hash of everything the files were made from. */
  key: string;
  files: Record<string, { sha256: string; size: number }>;
}

/** Where mesh keeps the mtimes of the files it wrote, to tell a touched file without reading it. */
export interface FileStamps {
  read(): Record<string, number> | undefined;
  write(stamps: Record<string, number>): void;
}

const NO_STAMPS: FileStamps = { read: () => undefined, write: () => undefined };

/**
 * Replaces the output folder as a whole: everything is written to a sibling
 * folder first, then swapped in by rename, so a render that fails or is
 * interrupted leaves the previous result as it was. Returns false when the
 * folder already held exactly these files and nothing was written.
 */
export function writeResult(outDir: string, key: string, build: () => OutputFile[], stamps: FileStamps = NO_STAMPS): boolean {
  recoverInterruptedSwap(outDir);
  const previous = readMarker(outDir);
  if (previous && previous.key === key && untouched(outDir, previous, stamps)) return false;
  const files = build();
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const tmp = `${outDir}.mesh-tmp-${stamp}`;
  const old = `${outDir}.mesh-old-${stamp}`;
  try {
    const marker: Marker = { key, files: {} };
    const written: Record<string, number> = {};
    // One chart's manifest is also the cluster's whole manifest: a copy of the file spares encoding it again.
    const firstWith = new Map<string, { path: string; digest: string }>();
    for (const file of files) {
      const target = join(tmp, file.path);
      mkdirSync(dirname(target), { recursive: true });
      let same = file.content.length >= LARGE ? firstWith.get(file.content) : undefined;
      if (same === undefined) {
        // Encoded once, for the file and its digest both.
        const bytes = Buffer.from(file.content);
        writeFileSync(target, bytes);
        same = { path: target, digest: sha256(bytes) };
        if (file.content.length >= LARGE) firstWith.set(file.content, same);
      } else {
        copyFileSync(same.path, target);
      }
      if (file.executable) chmodSync(target, 0o755);
      const { size, mtimeMs } = statSync(target);
      marker.files[file.path] = { sha256: same.digest, size };
      written[file.path] = mtimeMs;
    }
    writeFileSync(join(tmp, MARKER), `${JSON.stringify(marker, null, 1)}\n`);
    if (existsSync(outDir)) renameSync(outDir, old);
    try {
      renameSync(tmp, outDir);
    } catch (error) {
      if (existsSync(old)) renameSync(old, outDir);
      throw error;
    }
    rmSync(old, { recursive: true, force: true });
    stamps.write(written);
    return true;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Refuses to replace a folder mesh did not write: nothing the user had is lost. */
export function checkReplaceable(outDir: string, shownOut: string): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) {
    throw new ConfigError(`${shownOut} exists and is not a folder`, {
      hint: 'choose another output folder with --out, or move that file away',
    });
  }
  const marker = readMarker(outDir);
  const foreign = marker ? filesUnder(outDir).filter((f) => f !== MARKER && !(f in marker.files)) : filesUnder(outDir);
  if (foreign.length === 0) return;
  const shown = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? `, … (${foreign.length} in all)` : '');
  throw new ConfigError(`refusing to replace ${shownOut}: it holds files mesh did not write (${shown})`, {
    hint: 'choose another output folder with --out, or move those files away first',
  });
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

function readMarker(outDir: string): Marker | undefined {
  try {
    return JSON.parse(readFileSync(join(outDir, MARKER), 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

// Every file still as mesh wrote it: same size, and the mtime mesh recorded, or else the same content.
function untouched(outDir: string, marker: Marker, stamps: FileStamps): boolean {
  const known = stamps.read() ?? {};
  const now: Record<string, number> = {};
  const same = Object.entries(marker.files).every(([path, entry]) => {
    try {
      const file = join(outDir, path);
      const stat = statSync(file);
      now[path] = stat.mtimeMs;
      if (stat.size !== entry.size) return false;
      return known[path] === stat.mtimeMs || sha256(readFileSync(file, 'utf8')) === entry.sha256;
    } catch {
      return false;
    }
  });
  // Read once (a fresh cache, a copied folder), stamped for the next run.
  if (same && Object.entries(now).some(([path, mtime]) => known[path] !== mtime)) stamps.write(now);
  return same;
}
