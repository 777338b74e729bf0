import { plural } from '../text/plural.js';

/**
 * Small text helpers shared by the progress views and the summary, so a
 * duration or a reason reads the same on a terminal, in a log and in the
 * final error.
 */

/** `0.4s`, `12.3s`, `2m03s`: tenths while they matter, whole seconds after a minute. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** `[HH:MM:SS]` in local time: what a log line starts with. */
export function clock(date: Date): string {
  return `[${[date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':')}]`;
}

/** The first non-empty line of a possibly long message (a tool's stderr follows the first line). */
export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? ''
  );
}

/** At most `count` lines, and a note of how many were left out. */
export function firstLines(text: string, count: number): string[] {
  const lines = text.trimEnd().split('\n');
  if (lines.length <= count) return lines;
  return [...lines.slice(0, count), `… (${plural(lines.length - count, 'more line')})`];
}

/** Why something failed, in words: an Error's message, or whatever was thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : String(error);
}
