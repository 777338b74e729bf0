import { readFileSync } from 'node:fs';

/** A number from a file such as /proc/sys/...; undefined where the file is absent or holds no number. */
export function readNumber(path: string): number | undefined {
  try {
    const value = Number(readFileSync(path, 'utf8').trim());
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
