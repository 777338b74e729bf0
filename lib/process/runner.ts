import { ToolError } from '../errors.js';
import type { Command, CommandResult } from './command.js';
import { maskSecrets, formatCommand } from './mask.js';

export type { Command, CommandResult, ToolName } from './command.js';

/**
 * Every call of helm, kubectl, k3d and docker goes through a Runner, so tests
 * swap in a recording fake and `--dry-run` swaps in one that only prints.
 * `run` resolves with non-zero exit codes; `runChecked` turns them into errors.
 */
export interface Runner {
  run(command: Command, signal?: AbortSignal): Promise<CommandResult>;
}

export interface RunObserver {
  (event: { command: Command; display: string; result?: CommandResult; durationMs?: number }): void;
}

export async function runChecked(
  runner: Runner,
  command: Command,
  options: { hint?: string; signal?: AbortSignal } = {},
): Promise<CommandResult> {
  const result = await runner.run(command, options.signal);
  if (result.exitCode !== 0) {
    const secrets = command.secrets ?? [];
    throw new ToolError({
      command: formatCommand(command, secrets),
      code: result.exitCode,
      stderr: maskSecrets(result.stderr, secrets),
      stdout: maskSecrets(result.stdout, secrets),
      ...(options.hint === undefined ? {} : { hint: options.hint }),
    });
  }
  return result;
}

/** Wraps a runner so each call is reported, for `--verbose` and for logs. */
export function observedRunner(inner: Runner, observe: RunObserver): Runner {
  return {
    async run(command, signal) {
      const display = formatCommand(command, command.secrets ?? []);
      observe({ command, display });
      const started = performance.now();
      const result = await inner.run(command, signal);
      observe({ command, display, result, durationMs: performance.now() - started });
      return result;
    },
  };
}
