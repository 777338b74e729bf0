import { existsSync, readFileSync } from 'node:fs';

/** Alive means signal 0 reaches it and it is not a zombie (an orphan here may never be reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  return !/^\d+ \(.*\) Z/.test(stat);
}

/** Polls `check` every 25 ms; false when `ms` pass first. */
export async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((wake) => setTimeout(wake, 25));
  }
  return true;
}
