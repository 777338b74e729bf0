import { describe, expect, test } from 'vitest';
import { mkClusterConfig } from '../../lib/modules/k3d.js';
import { mkNamespace, mkIstiod } from '../../lib/modules/istio.js';
import { mkPXCServiceEntry } from '../../lib/modules/pxc-service-entry.js';
import { mkServiceEntry } from '../../lib/modules/service-entry.js';
import { configProblems } from '../helpers/config-problems.js';

const problems = configProblems;

describe('every mk* argument is checked where it is given (exit 2 as a config problem)', () => {
  test('names that are not DNS labels, with the fix', () => {
    expect(() => mkNamespace({ name: 'x; rm -rf /' })).toThrow(
      /^mkNamespace\(\): name: "x; rm -rf \/" must be a DNS-1123 label: .*; try "x-rm--rf"$/,
    );
    expect(() => mkIstiod({ namespace: 'Istio System' })).toThrow(/^mkIstiod\(\): namespace: "Istio System" must be a DNS-1123 label/);
    expect(() =>
      mkPXCServiceEntry({ name: 'pxc', remoteClusterName: 'cluster_b', remoteEndpoints: [{ address: '1.2.3.4', port: 1 }] }),
    ).toThrow(/remoteClusterName: "cluster_b" must be a DNS-1123 label: .*; try "cluster-b"/);
  });

  test('ports out of range and empty addresses', () => {
    expect(() => mkPXCServiceEntry({ name: 'pxc', remoteClusterName: 'b', remoteEndpoints: [{ address: '', port: 0 }] })).toThrow(
      /remoteEndpoints\[0\]\.address: expected a non-empty string, found string ""; remoteEndpoints\[0\]\.port: expected a number >= 1, found number 0/,
    );
    expect(() => mkServiceEntry({ name: 'x', hosts: ['x'], resolution: 'DNS', ports: [{ number: 70000, name: 'tcp' }] })).toThrow(
      'mkServiceEntry(): ports[0].number: expected a number <= 65535, found number 70000',
    );
  });
});

describe('host port mappings', () => {
  test('a port out of 1-65535, a malformed mapping or protocol is named with its path', () => {
    const ports = (port: string) => ({ clusters: { dev: mkClusterConfig({ ports: [{ port, nodeFilters: ['loadbalancer'] }] }) } });
    expect(problems(ports('0:80'))).toEqual(['clusters.dev.ports[0].port: "0:80": port "0" must be a number from 1 to 65535']);
    expect(problems(ports('70000:80'))).toEqual(['clusters.dev.ports[0].port: "70000:80": port "70000" must be a number from 1 to 65535']);
    expect(problems(ports('8080:80/http'))).toEqual([
      'clusters.dev.ports[0].port: "8080:80/http": the protocol after / must be tcp, udp or sctp',
    ]);
    expect(problems(ports('127.0.0.1:8080:80/udp'))).toEqual([]);
    expect(problems(ports('8000-8010:80-90'))).toEqual([]);
  });

  test('two clusters binding one host port are refused before anything starts; different IPs on one port are not', () => {
    const two = (a: string, b: string) => ({
      clusters: {
        east: mkClusterConfig({ ports: [{ port: a, nodeFilters: ['loadbalancer'] }] }),
        west: mkClusterConfig({ ports: [{ port: b, nodeFilters: ['loadbalancer'] }] }),
      },
    });
    expect(problems(two('8080:80', '8080:80'))).toEqual([
      'clusters.west.ports[0].port: host port 8080 is also mapped by cluster "east"; two clusters cannot bind one host port, so give one of them another',
    ]);
    expect(problems(two('127.0.0.1:8080:80', '8080:80'))).toHaveLength(1);
    expect(problems(two('127.0.0.1:8080:80', '127.0.0.2:8080:80'))).toEqual([]);
  });
});
