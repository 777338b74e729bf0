import type { Faults } from '../install.js';

/**
 * JSON-shaped data as the fakes keep it in their state files and as the real
 * tools print it: read with JSON.parse, shaped by the code that writes it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type ToolName = 'k3d' | 'kubectl' | 'docker';

/** What one invocation of a fake gets. */
export interface FakeContext {
  argv: string[];
  stdin: string | undefined;
  /** The state folder, `$MESH_FAKE_STATE`. */
  dir: string;
  faults: Faults;
  env: NodeJS.ProcessEnv;
  tool: ToolName;
}

/** What an invocation answers, as a process does. */
export interface FakeResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type Handler = (context: FakeContext) => FakeResult;

/** argv split into flags (every value given, in order) and positional arguments. */
export interface ParsedFlags {
  flags: Map<string, string[]>;
  args: string[];
}
