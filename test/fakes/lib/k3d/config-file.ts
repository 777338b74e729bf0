// Reading a k3d config file as k3d does: $VAR expansion, the v1alpha5 schema, port specs.
import { isObject } from '../common.js';
import type { Json } from '../types.js';

/** Go's os.ExpandEnv, which k3d runs over the whole config file before parsing it. */
export function expandEnv(text: string, env: NodeJS.ProcessEnv) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '$' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const rest = text.slice(i + 1);
    const special = (c: Json) => '*#$@!?-0123456789'.includes(c);
    let name = '';
    let width = 0;
    if (rest[0] === '{') {
      if (rest.length > 2 && special(rest[1]) && rest[2] === '}') {
        name = rest[1]!;
        width = 3;
      } else {
        const close = rest.indexOf('}');
        if (close === -1) width = 1;
        else if (close === 1) width = 2;
        else {
          name = rest.slice(1, close);
          width = close + 1;
        }
      }
    } else if (special(rest[0])) {
      name = rest[0]!;
      width = 1;
    } else {
      const m = /^[A-Za-z0-9_]*/.exec(rest)![0];
      name = m;
      width = m.length;
    }
    if (name === '' && width > 0) {
      // Bad syntax: the characters are eaten.
    } else if (name === '') out += '$';
    else out += env[name] ?? '';
    i += width;
  }
  return out;
}

const SCHEMA_TOP = [
  'apiVersion',
  'kind',
  'metadata',
  'servers',
  'agents',
  'kubeAPI',
  'image',
  'network',
  'subnet',
  'token',
  'volumes',
  'ports',
  'files',
  'options',
  'env',
  'registries',
  'hostAliases',
];

const SCHEMA_OPTIONS = {
  k3d: ['wait', 'timeout', 'disableLoadbalancer', 'disableImageVolume', 'disableRollback', 'loadbalancer'],
  k3s: ['extraArgs', 'nodeLabels'],
  kubeconfig: ['updateDefaultKubeconfig', 'switchCurrentContext'],
  runtime: ['gpuRequest', 'serversMemory', 'agentsMemory', 'hostPidMode', 'labels', 'ulimits'],
};

/** A few of gojsonschema's checks of the v1alpha5 schema, in its wording. */
export function schemaErrors(config: Json) {
  const errors: Json[] = [];
  if (!isObject(config)) return ['(root): Invalid type. Expected: object, given: ' + (Array.isArray(config) ? 'array' : typeof config)];
  for (const key of ['apiVersion', 'kind']) if (!(key in config)) errors.push(`(root): ${key} is required`);
  for (const key of Object.keys(config)) if (!SCHEMA_TOP.includes(key)) errors.push(`(root): Additional property ${key} is not allowed`);
  for (const key of ['servers', 'agents']) {
    if (key in config && !Number.isInteger(config[key]))
      errors.push(`${key}: Invalid type. Expected: integer, given: ${typeof config[key] === 'string' ? 'string' : typeof config[key]}`);
  }
  if (config.kind !== undefined && config.kind !== 'Simple') errors.push('kind: kind must be one of the following: "Simple"');
  if (isObject(config.options)) {
    for (const [group, keys] of Object.entries(SCHEMA_OPTIONS)) {
      for (const key of Object.keys(config.options[group] ?? {}))
        if (!keys.includes(key)) errors.push(`options.${group}: Additional property ${key} is not allowed`);
    }
    for (const key of Object.keys(config.options))
      if (!(key in SCHEMA_OPTIONS)) errors.push(`options: Additional property ${key} is not allowed`);
  }
  for (const [i, p] of (Array.isArray(config.ports) ? config.ports : []).entries()) {
    for (const key of Object.keys(p ?? {}))
      if (!['port', 'nodeFilters'].includes(key)) errors.push(`ports.${i}: Additional property ${key} is not allowed`);
  }
  return errors;
}

/** docker's nat.ParsePortSpec: `[ip:][hostPort:]containerPort[/proto]`, ranges allowed. */
export function parsePortSpec(spec: Json) {
  let text = String(spec);
  let proto = 'tcp';
  const slash = text.lastIndexOf('/');
  if (slash !== -1) {
    proto = text.slice(slash + 1).toLowerCase();
    text = text.slice(0, slash);
  }
  const parts = text.split(':');
  const container = parts.pop();
  const host = parts.length ? parts.pop() : '';
  const ip = parts.join(':').replace(/^\[|\]$/g, '');
  const range = (r: Json) => {
    if (r === '') return [''];
    const [a, b] = r.split('-').map(Number);
    if (!Number.isInteger(a) || (b !== undefined && !Number.isInteger(b))) throw new Error(`invalid port specification: "${spec}"`);
    return Array.from({ length: (b ?? a) - a + 1 }, (_, i) => String(a + i));
  };
  const containers = range(container);
  const hosts = range(host);
  return containers.map((c, i) => ({
    port: `${c}/${proto}`,
    binding: { HostIp: ip, HostPort: hosts.length === containers.length ? hosts[i] : hosts[0] },
  }));
}

export function splitFilter(text: string) {
  const at = text.lastIndexOf('@');
  return at === -1 ? { value: text, filters: [] } : { value: text.slice(0, at), filters: text.slice(at + 1).split(';') };
}
