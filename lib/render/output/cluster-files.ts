import type { K3dSimpleConfig } from '../../modules/types.js';
import { DOLLAR_VARIABLE, protectDollars } from '../../tools/k3d/dollars.js';

/** A cluster's k3d config as written to k3d-config.yaml: its name set from its key. */
export function namedConfig(name: string, config: K3dSimpleConfig): K3dSimpleConfig {
  return { ...config, metadata: { ...config.metadata, name } };
}

/** The files a cluster target writes: its k3d config (as YAML) and the two scripts. */
export function clusterFiles(name: string, yaml: string): Record<string, string> {
  return {
    'k3d-config.yaml': yaml,
    'bin/k3d-create': createScript(name, yaml),
    'bin/k3d-delete': deleteScript(name),
  };
}

// The config travels inside the script, so the script works wherever result/ is copied.
function createScript(name: string, yaml: string): string {
  // k3d expands $VAR in what it reads; see lib/tools/k3d/dollars.ts.
  const dollars = yaml.includes('$') ? [`${DOLLAR_VARIABLE}='$'`, `export ${DOLLAR_VARIABLE}`] : [];
  return [
    '#!/bin/sh',
    `# Creates the k3d cluster "${name}". Extra arguments go to \`k3d cluster create\`.`,
    'set -eu',
    ...dollars,
    `exec "\${MESH_K3D:-k3d}" cluster create --config - "$@" <<'MESH_K3D_CONFIG'`,
    protectDollars(yaml).trimEnd(),
    'MESH_K3D_CONFIG',
    '',
  ].join('\n');
}

function deleteScript(name: string): string {
  return [
    '#!/bin/sh',
    `# Deletes the k3d cluster "${name}". Extra arguments go to \`k3d cluster delete\`.`,
    'set -eu',
    `exec "\${MESH_K3D:-k3d}" cluster delete "$@" ${name}`,
    '',
  ].join('\n');
}
