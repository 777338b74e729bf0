// `docker network`: the built-in networks, those k3d made and those made with `docker network create`.
import { Out, flagBool, flagValue, sha256 } from '../common.js';
import { listClusters, readNetworks, saveNetworks } from '../store.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { DOCKER_DOWN, goTemplate } from './main.js';

const BUILTIN_NETWORKS = {
  bridge: { driver: 'bridge', subnet: '172.17.0.0/16', gateway: '172.17.0.1' },
  host: { driver: 'host' },
  none: { driver: 'null' },
};

/** Every network the engine knows, as docker's NetworkResource. */
function allNetworks(dir: string) {
  const clusters = listClusters(dir);
  const out: Json[] = [];
  for (const [name, n] of Object.entries(BUILTIN_NETWORKS)) {
    out.push(resource(name, { id: sha256(`builtin/${name}`), created: '2026-01-01T00:00:00.000000000Z', labels: {}, ...n }, []));
  }
  for (const [name, n] of Object.entries(readNetworks(dir))) {
    const members = clusters.filter((c) => c.network.name === name).flatMap((c) => c.nodes.filter((node: Json) => node.running));
    out.push(resource(name, { driver: 'bridge', ...n }, members));
  }
  return out;
}

function resource(name: string, n: Json, members: Json) {
  const config = n.subnet ? [{ Subnet: n.subnet, Gateway: n.gateway }] : [];
  return {
    Name: name,
    Id: n.id,
    Created: n.created,
    Scope: 'local',
    Driver: n.driver,
    EnableIPv4: n.driver === 'bridge',
    EnableIPv6: false,
    IPAM: { Driver: 'default', Options: n.driver === 'bridge' && name !== 'bridge' ? {} : null, Config: config },
    Internal: false,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: Object.fromEntries(
      members.map((node: Json) => [
        sha256(`container/${node.name}`),
        {
          Name: node.name,
          EndpointID: sha256(`endpoint/${node.name}`),
          MacAddress: `02:42:ac:12:00:${node.ip.split('.').pop().padStart(2, '0')}`,
          IPv4Address: `${node.ip}/16`,
          IPv6Address: '',
        },
      ]),
    ),
    Options:
      n.driver === 'bridge' && name !== 'bridge'
        ? {
            'com.docker.network.bridge.enable_ip_masquerade': 'true',
            'com.docker.network.enable_ipv4': 'true',
            'com.docker.network.enable_ipv6': 'false',
          }
        : {},
    Labels: n.labels ?? {},
  };
}

export function network(ctx: FakeContext, up: Json, sub: string | undefined, args: Json, parsed: ParsedFlags, out: Out) {
  const format = flagValue(parsed, 'format');
  switch (sub) {
    case 'inspect': {
      if (!up) {
        if (!format || format === 'json') out.out('[]\n');
        else out.out('\n');
        return out.fail(1, DOCKER_DOWN).result();
      }
      const networks = allNetworks(ctx.dir);
      const found: Json[] = [];
      const errors: Json[] = [];
      for (const ref of args) {
        const n = networks.find((x) => x.Name === ref || x.Id === ref || (ref.length >= 3 && x.Id.startsWith(ref)));
        if (n) found.push(n);
        else errors.push(`Error response from daemon: network ${ref} not found`);
      }
      if (!format) out.out(found.length ? `${JSON.stringify(found, null, 4)}\n` : '[]\n');
      else if (format === 'json') out.out(found.length ? `${JSON.stringify(found)}\n` : '[]\n');
      else out.out(found.length ? found.map((n) => `${goTemplate(format, n)}\n`).join('') : '\n');
      if (errors.length) out.fail(1, errors.join('\n'));
      return out.result();
    }
    case 'ls':
    case 'list': {
      if (!up) return out.fail(1, DOCKER_DOWN).result();
      let networks = allNetworks(ctx.dir);
      for (const filter of parsed.flags.get('filter') ?? []) {
        const [key, value = ''] = filter.split('=');
        if (key === 'name') networks = networks.filter((n) => n.Name.includes(value));
        if (key === 'label')
          networks = networks.filter((n) =>
            value.includes('=') ? n.Labels[value.split('=')[0]!] === value.split('=')[1] : value in n.Labels,
          );
        if (key === 'driver') networks = networks.filter((n) => n.Driver === value);
      }
      networks.sort((a, b) => a.Name.localeCompare(b.Name));
      if (flagBool(parsed, 'quiet')) return out.out(networks.map((n) => `${n.Id.slice(0, 12)}\n`).join('')).result();
      const rows = networks.map((n) => ({
        ID: n.Id.slice(0, 12),
        Name: n.Name,
        Driver: n.Driver,
        Scope: n.Scope,
        IPv6: 'false',
        Internal: 'false',
        Labels: Object.entries(n.Labels)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
        CreatedAt: n.Created,
      }));
      if (format) return out.out(rows.map((r) => `${goTemplate(format, r)}\n`).join('')).result();
      const table = [['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'], ...rows.map((r) => [r.ID, r.Name, r.Driver, r.Scope])];
      const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i].length)) + 3);
      return out.out(table.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('')).join('\n') + '\n').result();
    }
    case 'create': {
      if (!up) return out.fail(1, DOCKER_DOWN).result();
      const name = args[0];
      const networks = readNetworks(ctx.dir);
      if (networks[name] || (BUILTIN_NETWORKS as Record<string, Json>)[name])
        return out.fail(1, `Error response from daemon: network with name ${name} already exists`).result();
      const index = Object.keys(networks).length;
      // `--label KEY=VALUE` (repeatable); `--label KEY` gives an empty value, as docker's opts.ConvertKVStringsToMap.
      const labels = Object.fromEntries(
        (parsed.flags.get('label') ?? []).map((l: Json) =>
          l.includes('=') ? [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] : [l, ''],
        ),
      );
      networks[name] = {
        id: sha256(`network/${name}/${Date.now()}`),
        created: new Date().toISOString(),
        subnet: `172.${18 + (index % 12)}.0.0/16`,
        gateway: `172.${18 + (index % 12)}.0.1`,
        labels,
      };
      saveNetworks(ctx.dir, networks);
      return out.out(`${networks[name].id}\n`).result();
    }
    case 'rm':
    case 'remove': {
      if (!up) return out.fail(1, DOCKER_DOWN).result();
      const networks = readNetworks(ctx.dir);
      const errors: Json[] = [];
      for (const name of args) {
        if (!networks[name]) {
          errors.push(`Error response from daemon: network ${name} not found`);
          continue;
        }
        // Only running containers are endpoints; a stopped one does not keep the network (and cannot start without it).
        if (listClusters(ctx.dir).some((c) => c.network.name === name && c.nodes.some((n: Json) => n.running))) {
          errors.push(
            `Error response from daemon: error while removing network: network ${name} id ${networks[name].id} has active endpoints`,
          );
          continue;
        }
        delete networks[name];
        out.out(`${name}\n`);
      }
      saveNetworks(ctx.dir, networks);
      if (errors.length) out.fail(1, errors.join('\n'));
      return out.result();
    }
    default:
      return out
        .fail(1, `docker: unknown command: docker network ${sub ?? ''}\n\nRun 'docker network --help' for more information`)
        .result();
  }
}
