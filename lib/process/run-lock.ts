import { createHash } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { MeshError } from '../errors.js';
import { formatDuration } from '../pipeline/text.js';
import { isRunning, processStart } from './liveness.js';

/** What a lock file holds: enough to name the run that holds it and to tell whether it still runs. */
interface Holder {
  pid: number;
  /** The process's start time as the kernel counts it, where it can be read: a reused pid is not the holder. */
  start: string | null;
  host: string;
  command: string;
  project: string;
  since: number;
}

export interface RunLock {
  release(): void;
}

/**
 * One changing run per project: `mesh up` in one terminal and `mesh down` in
 * another would delete what the first is deploying, and two renders would
 * race for result/. The lock is a file in mesh's cache named by the project's
 * folder, created whole with link(2) so a reader never sees half of it.
 */
export function acquireRunLock(options: { cacheDir: string; project: string; command: string; warn: (message: string) => void }): RunLock {
  const dir = join(options.cacheDir, 'runs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${createHash('sha256').update(options.project).digest('hex').slice(0, 16)}.lock`);
  const mine: Holder = {
    pid: process.pid,
    start: processStart(process.pid),
    host: hostname(),
    command: options.command,
    project: options.project,
    since: Date.now(),
  };
  const text = `${JSON.stringify(mine)}\n`;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(tmp, file);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw error;
      }
      const held = readHolder(file);
      if (held.holder && isHeld(held.holder)) throw busy(held.holder);
      // The run that wrote it is gone (killed, or the machine restarted): its lock means nothing now.
      if (held.text === readHolder(file).text) removeQuietly(file);
      if (held.holder)
        options.warn(`cleared the lock of an earlier \`${held.holder.command}\` (pid ${held.holder.pid}) that ended without releasing it`);
    }
  } finally {
    removeQuietly(tmp);
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only our own lock: never one a later run took after a stale-lock clear.
    if (readHolder(file).text === text) removeQuietly(file);
  };
  // A second Ctrl-C exits at once, past every finally.
  process.on('exit', release);
  return { release };
}

function readHolder(file: string): { text: string | undefined; holder: Holder | undefined } {
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
    const parsed = JSON.parse(text) as Partial<Holder>;
    if (typeof parsed.pid !== 'number') return { text, holder: undefined };
    return { text, holder: parsed as Holder };
  } catch {
    return { text, holder: undefined };
  }
}

function isHeld(holder: Holder): boolean {
  // A lock from another machine (a shared home folder) cannot be checked; it holds until removed by hand.
  if (holder.host !== hostname()) return true;
  if (!isRunning(holder.pid)) return false;
  const start = processStart(holder.pid);
  return holder.start === null || start === null || start === holder.start;
}

function busy(holder: Holder): MeshError {
  const where = holder.host === hostname() ? `pid ${holder.pid}` : `pid ${holder.pid} on ${holder.host}`;
  const age = formatDuration(Math.max(0, Date.now() - holder.since));
  return new MeshError(`another mesh run is changing this project: \`${holder.command}\` (${where}, started ${age} ago)`, {
    hint: `wait for it to finish, or stop it (Ctrl-C in its terminal, or \`kill ${holder.pid}\`); a lock left by a run that no longer exists is cleared by the next run`,
  });
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone: the same outcome.
  }
}
