/**
 * Exit codes are part of mesh's interface: scripts and CI branch on them,
 * so they are documented in README and never reused for something else.
 */
export const EXIT = {
  OK: 0,
  FAILED: 1,
  USAGE: 2,
  INTERRUPTED: 130,
  TERMINATED: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A problem the user can fix: bad config, bad arguments, a tool that fails
 * or is missing. The CLI prints message and hint, never a stack trace.
 * Anything that is not a MeshError is a bug in mesh and keeps its stack.
 */
/**
 * Marks mesh's errors across copies of this module: a config evaluated by
 * jiti imports k3d-mesh's built library, not the CLI's bundle, so
 * `instanceof` alone would take its refusals for bugs.
 */
const MESH_ERROR = Symbol.for('k3d-mesh.error');

export class MeshError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: ExitCode;
  /** What `--json` prints beside the error: e.g. every task's outcome of a failed `mesh up`. */
  data: Record<string, unknown> | undefined;

  constructor(message: string, options: { hint?: string; exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MeshError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT.FAILED;
    this.data = undefined;
    Object.defineProperty(this, MESH_ERROR, { value: true });
  }
}

/** Bad config or bad arguments: exit 2. */
export class ConfigError extends MeshError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { ...options, exitCode: EXIT.USAGE });
    this.name = 'ConfigError';
  }
}

/** A subprocess that failed: the command (secrets masked), its exit code and stderr. */
export class ToolError extends MeshError {
  readonly command: string;
  readonly code: number | null;
  readonly stderr: string;
  /** What it printed on stdout before failing: some tools answer there (`kubectl auth can-i` says "no" and exits 1). */
  readonly stdout: string;

  constructor(args: { command: string; code: number | null; stderr: string; stdout?: string; hint?: string; message?: string }) {
    const detail = args.stderr.trim() ? `\n${indent(tail(args.stderr.trim(), 40))}` : '';
    const how = args.code === null ? 'was killed' : `exited with code ${args.code}`;
    super(args.message ?? `\`${args.command}\` ${how}${detail}`, { hint: args.hint, exitCode: EXIT.FAILED });
    this.name = 'ToolError';
    this.command = args.command;
    this.code = args.code;
    this.stderr = args.stderr;
    this.stdout = args.stdout ?? '';
  }
}

/**
 * Something mesh waited for did not become ready in time (or, for a
 * Deployment, gave up by its progress deadline): the caller may add what it
 * sees on the cluster. Any other failure of a wait is reported as it is.
 */
export class NotReadyError extends MeshError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options);
    this.name = 'NotReadyError';
  }
}

/** Ctrl-C or SIGTERM: the run stopped on purpose, not because something broke. */
export class InterruptedError extends MeshError {
  constructor(signal: 'SIGINT' | 'SIGTERM') {
    super(`interrupted by ${signal}`, { exitCode: signal === 'SIGINT' ? EXIT.INTERRUPTED : EXIT.TERMINATED });
    this.name = 'InterruptedError';
  }
}

export function isMeshError(error: unknown): error is MeshError {
  return error instanceof MeshError || (typeof error === 'object' && error !== null && MESH_ERROR in error);
}

function tail(text: string, lines: number): string {
  const all = text.split('\n');
  return all.length <= lines ? text : ['…', ...all.slice(-lines)].join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
