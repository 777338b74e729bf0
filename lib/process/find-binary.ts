import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { ConfigError, MeshError } from '../errors.js';
import type { ToolName } from './runner.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** `MESH_HELM`, `MESH_KUBECTL`, `MESH_K3D`, `MESH_DOCKER`: point mesh at a specific binary. */
export function toolEnvVar(tool: ToolName): string {
  return `MESH_${tool.toUpperCase()}`;
}

export interface ResolvedTool {
  path: string;
  /** Where it came from, for `mesh doctor` and error messages. */
  source: 'env' | 'path' | 'bundled';
}

/**
 * Finds a tool the way the user expects: an explicit `MESH_<TOOL>` wins, then
 * PATH. Returns undefined when neither has it; adapters decide what to say.
 */
export function findTool(tool: ToolName, env: Env): ResolvedTool | undefined {
  const variable = toolEnvVar(tool);
  const explicit = env[variable];
  if (explicit) {
    const path = explicit.includes('/') ? resolve(explicit) : searchPath(explicit, env);
    if (!path || !isExecutable(path)) {
      // A wrong setting is a config problem (exit 2), unlike a tool that is simply missing.
      throw new ConfigError(`${variable} is set to "${explicit}", which is not an executable file`, {
        hint: `point ${variable} at the ${tool} binary, or unset it to use ${tool} from PATH`,
      });
    }
    return { path, source: 'env' };
  }
  const onPath = searchPath(tool, env);
  return onPath ? { path: onPath, source: 'path' } : undefined;
}

/** The tool's path, or a MeshError saying what mesh needs it for and how to install it. */
export function requireTool(tool: ToolName, env: Env, missing: { why: string; hint: string }): string {
  const found = findTool(tool, env);
  if (found) return found.path;
  throw new MeshError(`${tool} is not installed: ${missing.why}`, { hint: missing.hint });
}

export function searchPath(name: string, env: Env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
