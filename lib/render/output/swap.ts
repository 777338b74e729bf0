import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isRunning } from '../../process/liveness.js';

// A crash between the two renames leaves the old result beside a missing one.
export function recoverInterruptedSwap(outDir: string): void {
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
  return Boolean(pid) && pid !== process.pid && isRunning(pid);
}
