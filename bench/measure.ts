import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface Command {
  label: string;
  argv: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Runs before each timed run, untimed: e.g. emptying a cache for a cold start. */
  before?: () => void;
}

export interface Sample {
  ms: number;
  /** Peak resident memory of the process itself, in MiB. */
  rssMiB: number;
}

/**
 * Runs commands alternately, `runs` times each, so drift on a busy machine
 * hits all of them alike, and returns each one's samples.
 */
export async function interleave(commands: Command[], runs: number, warmup = 1): Promise<Sample[][]> {
  for (const command of commands) for (let i = 0; i < warmup; i++) await once(command);
  const samples: Sample[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [j, command] of commands.entries()) samples[j]!.push(await once(command));
  }
  return samples;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const GNU_TIME = '/usr/bin/time';

// GNU time reports the peak RSS of the command itself; without it, sample
// /proc. Children are awaited, never waited on synchronously, so servers in
// this process (the chart repository) keep answering.
export async function once(command: Command): Promise<Sample> {
  command.before?.();
  const env = { ...process.env, ...command.env };
  if (!existsSync(GNU_TIME)) return sampled(command, env);
  const started = performance.now();
  const run = await collect(GNU_TIME, ['-f', '%M', ...command.argv], command.cwd, env);
  const ms = performance.now() - started;
  if (run.code !== 0) throw new Error(`${command.label} failed (${run.code}):\n${run.stderr}`);
  return { ms, rssMiB: Number(run.stderr.trim().split('\n').at(-1)) / 1024 };
}

function collect(
  bin: string,
  args: string[],
  cwd: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function sampled(command: Command, env: NodeJS.ProcessEnv): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command.argv[0]!, command.argv.slice(1), { cwd: command.cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peak = Math.max(peak, Number(hwm[1]));
      } catch {
        // the process has exited between samples
      }
    }, 2);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`${command.label} failed (${code}):\n${stderr}`));
      else resolve({ ms: performance.now() - started, rssMiB: peak / 1024 });
    });
  });
}
