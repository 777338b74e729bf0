import type { Command, CommandResult, Runner } from './runner.js';

/**
 * Runs commands with zx. zx is loaded on first use, so commands that never
 * start a tool do not pay for it; the CLI's bundle carries it, so its code
 * comes from V8's code cache with the rest of mesh.
 *
 * An aborted signal stops the whole process tree, not just the child: each
 * command runs in a process group of its own, which zx kills on abort, so a
 * helm plugin or a script's children are not left running. The run then
 * rejects with the signal's reason instead of resolving as a failed command.
 */
export function realRunner(): Runner {
  return {
    async run(command: Command, signal?: AbortSignal): Promise<CommandResult> {
      signal?.throwIfAborted();
      const { $ } = await import('zx/core');
      const shell = $({
        quiet: true,
        nothrow: true,
        verbose: false,
        // zx runs every command through a shell. POSIX sh, with every argument single-quoted, starts
        // faster than bash, reads no startup files, and is there where bash is not (Alpine).
        shell: '/bin/sh',
        prefix: '',
        postfix: '',
        quote: singleQuote,
        env: { ...process.env, ...command.env },
        ...(command.cwd === undefined ? {} : { cwd: command.cwd }),
        ...(command.timeoutMs === undefined ? {} : { timeout: command.timeoutMs }),
        ...(signal === undefined ? {} : { signal, detached: process.platform !== 'win32' }),
      });
      try {
        const running = shell`${command.bin} ${command.args}`;
        // Written here rather than through zx's `input`: a tool that exits before reading it (an old
        // helm refusing a flag, something that is not helm) makes the write fail with EPIPE, which zx
        // leaves unhandled and which would take mesh down. The tool's own exit code and text say why.
        if (command.input !== undefined) {
          running.stdin.on('error', () => undefined);
          running.stdin.end(command.input);
        }
        const output = await running;
        signal?.throwIfAborted();
        return { exitCode: exitCodeOf(output.exitCode, output.signal), stdout: output.stdout, stderr: output.stderr };
      } catch (error) {
        signal?.throwIfAborted();
        // zx rejects even with nothrow when the child could not start or was aborted.
        return { exitCode: 127, stdout: '', stderr: describe(error) };
      }
    },
  };
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (code !== null) return code;
  return signal === 'SIGTERM' ? 143 : signal === 'SIGINT' ? 130 : 137;
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error && typeof error.stderr === 'string' && error.stderr) {
    return error.stderr;
  }
  return error instanceof Error ? error.message : String(error);
}

/** One word for sh, whatever it holds: quotes, newlines, `$`, backquotes, globs, or nothing at all. */
export function singleQuote(arg: unknown): string {
  return `'${String(arg).replace(/'/g, `'\\''`)}'`;
}
