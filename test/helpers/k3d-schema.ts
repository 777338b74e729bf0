import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import type { ClusterInput } from '../../lib/modules/k3d.js';
import { k3dSchemaPath } from './paths.js';

// The two formats k3d's schema uses, as ajv-formats defines them; mesh does
// not depend on ajv-formats, and without these Ajv would ignore the formats.
const HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

// strict: false because k3d's schema uses `examples`, which draft-07 Ajv does not know.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('hostname', HOSTNAME);
ajv.addFormat('ipv4', IPV4);
const validate = ajv.compile(JSON.parse(readFileSync(k3dSchemaPath, 'utf8')) as object);

/**
 * What k3d's own schema rejects in a k3d-config.yaml text, one line per
 * error; empty when k3d would accept the file.
 */
export function k3dSchemaErrors(yamlText: string): string[] {
  if (validate(parse(yamlText))) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(error: ErrorObject): string {
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
}

/**
 * A cluster input that sets every field mesh's K3dSimpleConfig documents, so
 * a field mesh names or types differently from k3d shows up as a schema
 * error. `Required` makes the compiler flag a top-level field added to the
 * type but not here.
 */
export const everyField: Required<ClusterInput> = {
  name: 'full',
  servers: 3,
  agents: 2,
  kubeAPI: { host: 'k8s.mesh.local', hostIP: '127.0.0.1', hostPort: '6550' },
  image: 'rancher/k3s:v1.33.1-k3s1',
  network: 'mesh-net',
  subnet: '172.28.0.0/16',
  token: 'secret',
  volumes: [{ volume: '/tmp/data:/data', nodeFilters: ['all'] }],
  ports: [{ port: '8080:80', nodeFilters: ['loadbalancer'] }],
  files: [{ source: 'registries.yaml', destination: '/etc/rancher/k3s/registries.yaml', description: 'mirrors', nodeFilters: ['all'] }],
  options: {
    k3d: {
      wait: true,
      timeout: '2m',
      disableLoadbalancer: false,
      disableImageVolume: true,
      disableRollback: true,
      loadbalancer: { configOverrides: ['settings.workerConnections=2048'] },
    },
    k3s: {
      extraArgs: [{ arg: '--tls-san=127.0.0.1', nodeFilters: ['server:*'] }],
      nodeLabels: [{ label: 'tier=edge', nodeFilters: ['agent:*'] }],
    },
    kubeconfig: { updateDefaultKubeconfig: false, switchCurrentContext: true },
    runtime: {
      gpuRequest: 'all',
      serversMemory: '2g',
      agentsMemory: '1g',
      hostPidMode: false,
      labels: [{ label: 'team=mesh', nodeFilters: ['all'] }],
      ulimits: [{ name: 'nofile', soft: 26677, hard: 26677 }],
    },
  },
  env: [{ envVar: 'HTTP_PROXY=http://proxy:3128', nodeFilters: ['all'] }],
  registries: {
    create: {
      name: 'registry.localhost',
      host: '0.0.0.0',
      hostPort: '5000',
      image: 'docker.io/library/registry:2',
      proxy: { remoteURL: 'https://registry-1.docker.io', username: 'u', password: 'p' },
      volumes: ['/tmp/registry:/var/lib/registry'],
      enforcePortMatch: true,
    },
    use: ['other:5000'],
    config: 'mirrors: {}',
  },
  hostAliases: [{ ip: '10.0.0.1', hostnames: ['db.local'] }],
};
