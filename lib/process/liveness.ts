import { readFileSync } from 'node:fs';

/** Whether a process with this pid exists (EPERM: it does, owned by someone else). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * When the process started, in the kernel's clock ticks since boot (field 22
 * of /proc/PID/stat), so a pid the kernel reused is told apart from the one
 * that was recorded. null where /proc is not there (macOS): the pid alone decides.
 */
export function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
