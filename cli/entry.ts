import { setMaxListeners } from 'node:events';
import { InterruptedError } from '../lib/errors.js';
import { realRunner } from '../lib/process/real-runner.js';
import { outputMode } from '../lib/process/terminal.js';
import { run } from './main.js';
import { mark } from '../lib/process/timings.js';

/**
 * The process boundary: real streams, the real runner, and signals. Ctrl-C
 * or SIGTERM aborts the run (children are stopped through the abort signal);
 * a second one exits at once.
 */
export async function main(argv: readonly string[]): Promise<void> {
  mark('cli loaded');
  const controller = new AbortController();
  // Every running child listens for the abort; a mesh up runs dozens at once.
  setMaxListeners(0, controller.signal);
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
    if (controller.signal.aborted) process.exit(new InterruptedError(signal).exitCode);
    controller.abort(new InterruptedError(signal));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  const env = process.env;
  const { interactive, color } = outputMode(env, Boolean(process.stdout.isTTY));
  const code = await run(argv, {
    cwd: process.cwd(),
    env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive,
    color,
    runner: realRunner(),
    signal: controller.signal,
  });
  process.exitCode = code;
}
