export type ToolName = 'helm' | 'kubectl' | 'k3d' | 'docker';

/** One subprocess call, described as data so it can be printed, recorded or faked. */
export interface Command {
  tool: ToolName;
  /** The executable to start: a path, or a name looked up on PATH. */
  bin: string;
  args: readonly string[];
  /** Written to the child's stdin. */
  input?: string;
  env?: Readonly<Record<string, string>>;
  cwd?: string;
  timeoutMs?: number;
  /** Values that must never appear in logs or errors. */
  secrets?: readonly string[];
  /** False for commands that only read state; `--dry-run` still runs those. */
  mutates?: boolean;
}

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}
