import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../../errors.js';
import { sha256 } from '../digest.js';

export interface OutputFile {
  /** Relative to the output folder, with `/` separators. */
  path: string;
  content: string;
  executable?: boolean;
}

/** Marks a folder as mesh's output, so mesh only ever replaces what it wrote. */
export const MARKER = '.mesh-result.json';

interface Marker {
  /** A hash of everything the files were made from. */
  key: string;
  files: Record<string, { sha256: string; size: number; mtimeMs: number }>;
}

/**
 * Replaces the output folder as a whole: everything is written to a sibling
 * folder first, then swapped in by rename, so a render that fails or is
 * interrupted leaves the previous result as it was. Returns false when the
 * folder already held exactly these files and nothing was written.
 */
export function writeResult(outDir: string, key: string, build: () => OutputFile[]): boolean {
  recoverInterruptedSwap(outDir);
  const previous = readMarker(outDir);
  if (previous && previous.key === key && untouched(outDir, previous)) return false;
  const files = build();
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const tmp = `${outDir}.mesh-tmp-${stamp}`;
  const old = `${outDir}.mesh-old-${stamp}`;
  try {
    const marker: Marker = { key, files: {} };
    for (const file of files) {
      const target = join(tmp, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.content);
      if (file.executable) chmodSync(target, 0o755);
      const { size, mtimeMs } = statSync(target);
      marker.files[file.path] = { sha256: sha256(file.content), size, mtimeMs };
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

// Every file still as mesh wrote it: same size and mtime.
function untouched(outDir: string, marker: Marker): boolean {
  return Object.entries(marker.files).every(([path, entry]) => {
    try {
      const stat = statSync(join(outDir, path));
      return stat.size === entry.size && stat.mtimeMs === entry.mtimeMs;
    } catch {
      return false;
    }
  });
}

// A crash between the two renames leaves the old result beside a missing one.
function recoverInterruptedSwap(outDir: string): void {
  const parent = dirname(outDir);
  const name = basename(outDir);
  let siblings: string[];
  try {
    siblings = readdirSync(parent);
  } catch {
    return;
  }
  for (const sibling of siblings) {
    if (!sibling.startsWith(`${name}.mesh-`)) continue;
    const path = join(parent, sibling);
    if (sibling.startsWith(`${name}.mesh-old-`) && !existsSync(outDir)) renameSync(path, outDir);
    else if (!isLive(sibling)) rmSync(path, { recursive: true, force: true });
  }
}

function isLive(sibling: string): boolean {
  const pid = Number(/\.mesh-(?:tmp|old)-(\d+)-/.exec(sibling)?.[1]);
  if (!pid || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
