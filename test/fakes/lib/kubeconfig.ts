// Kubeconfig files as client-go's clientcmd reads and writes them.
//
// Loading: KUBECONFIG is split like Go's filepath.SplitList and
// de-duplicated; without it, $HOME/.kube/config. When several files are
// merged, the first file to define a cluster, user or context name wins, and
// the first non-empty current-context wins (clientcmd loading rules).
//
// Writing: clientcmd.Write marshals through JSON, so keys come out sorted and
// lists are not indented under their key.

import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import YAML from 'yaml';
import { sortKeys, writeAtomic } from './common.js';
import type { Json } from './types.js';

export function defaultChain(env: NodeJS.ProcessEnv): Json {
  const list = env.KUBECONFIG;
  if (list) {
    const seen = new Set();
    return list.split(':').filter((path: Json) => (seen.has(path) ? false : (seen.add(path), true)));
  }
  return [join(env.HOME || homedir(), '.kube', 'config')];
}

export function emptyConfig(): Json {
  return { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: [], users: [], contexts: [], 'current-context': '' };
}

/** One file; `undefined` when it does not exist. Throws with clientcmd's wording on bad YAML. */
export function loadFile(path: Json): Json {
  if (!path || !existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  let doc;
  try {
    doc = text.trim() === '' ? {} : YAML.parse(text);
  } catch (error) {
    throw new Error(`error loading config file "${path}": yaml: ${error.message.split('\n')[0]}`);
  }
  const config = { ...emptyConfig(), ...(doc ?? {}) };
  for (const key of ['clusters', 'users', 'contexts']) if (!Array.isArray(config[key])) config[key] = [];
  if (typeof config['current-context'] !== 'string') config['current-context'] = '';
  return config;
}

/** The merged view kubectl sees. */
export function loadMerged(paths: Json): Json {
  const merged = emptyConfig();
  const seen: Record<string, Set<string>> = { clusters: new Set(), users: new Set(), contexts: new Set() };
  for (const path of paths) {
    const config = loadFile(path);
    if (!config) continue;
    if (!merged['current-context'] && config['current-context']) merged['current-context'] = config['current-context'];
    for (const key of ['clusters', 'users', 'contexts']) {
      for (const entry of config[key]) {
        if (!entry || typeof entry.name !== 'string' || seen[key]!.has(entry.name)) continue;
        seen[key]!.add(entry.name);
        merged[key].push(entry);
      }
    }
  }
  return merged;
}

export function findNamed(list: Json, name: string): Json {
  return list.find((entry: Json) => entry?.name === name);
}

/**
 * How each tool writes: k3d (pkg/client/kubeconfig.go KubeconfigWrite) writes a
 * temporary file with client-go's mode 0600 and renames it over the symlink's
 * target, so the file ends up 0600 whatever it was; kubectl (client-go's
 * WriteToFile on the file itself) rewrites it in place, keeping its mode.
 */
export function writeFile(path: Json, config: Json, writer: 'k3d' | 'kubectl') {
  const ordered = { ...config };
  for (const key of ['clusters', 'users', 'contexts']) {
    ordered[key] = [...(config[key] ?? [])].sort((a, b) => String(a.name).localeCompare(String(b.name)));
  }
  const text = YAML.stringify(sortKeys(ordered), { indentSeq: false, lineWidth: 0 });
  if (writer === 'kubectl') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text, { mode: 0o600 });
    return;
  }
  let target = path;
  try {
    target = realpathSync(path);
  } catch {
    // A new file.
  }
  writeAtomic(target, text, 0o600);
}

/** Replaces or adds an entry by name. */
export function upsert(list: Json, entry: Json): Json {
  const index = list.findIndex((item: Json) => item?.name === entry.name);
  if (index === -1) list.push(entry);
  else list[index] = entry;
}
