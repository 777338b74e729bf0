import type { ToolError } from '../../errors.js';

/** One kubectl invocation as the adapter builds it. */
export interface Call {
  /** Always given for calls that reach a cluster: mesh never relies on, or changes, the current context. */
  context?: string;
  args: string[];
  mutates: boolean;
  input?: string;
  /** Its refusal is the answer (a probe, verify's dry run): only an API server that did not answer is asked again. */
  once?: boolean;
}

export type Outcome = { ok: true; stdout: string; display: string } | { ok: false; error: ToolError; display: string };
