import { describe, expect, it } from 'vitest';
import { formatViolations, validateObjects, type Violation } from '../../lib/render/validate/objects.js';

function check(object: Record<string, unknown>): Violation[] {
  return validateObjects([{ target: 't', index: 0, object }], []);
}

function named(apiVersion: string, kind: string, name: unknown, namespace?: unknown): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name };
  if (namespace !== undefined) metadata.namespace = namespace;
  return { apiVersion, kind, metadata };
}

describe('name rules', () => {
  it('accepts ordinary names', () => {
    expect(check(named('apps/v1', 'Deployment', 'web.frontend-1', 'default'))).toEqual([]);
    expect(check(named('v1', 'Service', 'web', 'istio-system'))).toEqual([]);
    expect(check(named('v1', 'Namespace', 'istio-system'))).toEqual([]);
  });

  it('rejects a Deployment named Foo_Bar, saying what a subdomain is', () => {
    const [violation, ...rest] = check(named('apps/v1', 'Deployment', 'Foo_Bar'));
    expect(rest).toEqual([]);
    expect(violation).toMatchObject({ target: 't', kind: 'Deployment', name: 'Foo_Bar', path: 'metadata.name' });
    expect(violation?.message).toMatch(/DNS-1123 subdomain.*found "Foo_Bar"/);
  });

  it('holds Namespace and Service names to a DNS label: no dots, at most 63 characters', () => {
    expect(check(named('v1', 'Service', 'web.frontend'))[0]?.message).toMatch(/DNS-1123 label/);
    expect(check(named('v1', 'Namespace', 'a'.repeat(64)))[0]?.message).toMatch(/at most 63 characters, found 64/);
    expect(check(named('v1', 'Namespace', 'a'.repeat(63)))).toEqual([]);
    expect(check(named('apps/v1', 'Deployment', 'a'.repeat(64)))).toEqual([]);
  });

  it('allows any path segment for RBAC kinds, including system: names', () => {
    const rbac = 'rbac.authorization.k8s.io/v1';
    for (const kind of ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']) {
      expect(check(named(rbac, kind, 'system:controller:istiod'))).toEqual([]);
      expect(check(named(rbac, kind, 'Mixed_Case'))).toEqual([]);
    }
    expect(check(named(rbac, 'ClusterRole', 'a/b'))[0]?.message).toMatch(/without "\/"/);
    expect(check(named(rbac, 'ClusterRole', 'a%2F'))[0]?.message).toMatch(/without "%"/);
    expect(check(named(rbac, 'Role', '..'))[0]?.path).toBe('metadata.name');
    expect(check(named('apps/v1', 'Deployment', 'system:foo'))).toHaveLength(1);
  });

  it('requires a name, an apiVersion and a kind', () => {
    const violations = check({ metadata: {} });
    expect(violations.map((v) => v.path)).toEqual(['apiVersion', 'kind', 'metadata.name']);
    expect(violations[0]?.message).toBe('required field "apiVersion" is missing');
    expect(violations[0]?.name).toBe('(object #1)');
    expect(check({ apiVersion: 'v1', kind: 'ConfigMap' })[0]).toMatchObject({ path: 'metadata' });
    expect(check({ apiVersion: '', kind: 'ConfigMap', metadata: { name: 'x' } })[0]?.message).toMatch(/non-empty string, found string ""/);
    expect(check(named('v1', 'ConfigMap', 42))[0]?.message).toBe('expected a non-empty string, found number 42');
  });

  it('holds a namespace to a DNS label when one is given', () => {
    expect(check(named('v1', 'ConfigMap', 'c', 'My_NS'))[0]).toMatchObject({ path: 'metadata.namespace' });
    expect(check(named('v1', 'ConfigMap', 'c', 'a.b'))[0]?.message).toMatch(/DNS-1123 label/);
    expect(check(named('v1', 'ConfigMap', 'c', ''))).toEqual([]);
  });

  it('says that a List is not expected', () => {
    expect(check(named('v1', 'List', 'x'))[0]?.message).toMatch(/List is not expected/);
  });
});

describe('formatViolations', () => {
  const violation = (i: number): Violation => ({ target: 'mesh', kind: 'Service', name: `s${i}`, path: 'metadata.name', message: 'bad' });

  it('writes one line per violation', () => {
    expect(formatViolations([violation(1)])).toBe('mesh: Service/s1: metadata.name: bad');
    expect(formatViolations([{ ...violation(1), path: '' }])).toBe('mesh: Service/s1: bad');
  });

  it('stops after 20 lines and counts the rest', () => {
    const lines = formatViolations(Array.from({ length: 23 }, (_, i) => violation(i))).split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[19]).toBe('mesh: Service/s19: metadata.name: bad');
    expect(lines[20]).toBe('… and 3 more');
  });
});
