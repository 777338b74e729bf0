import type { Problem } from '../../text/problem.js';
import { brief, isRecord, quote } from './text.js';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_MAX = 63;
const SUBDOMAIN_MAX = 253;

// Namespace and Service names become DNS labels inside the cluster. RBAC
// names only have to fit in a URL path segment, which is what lets the
// built-in `system:` roles exist. Every other kind is a DNS subdomain.
const LABEL_KINDS = new Set(['Namespace', 'Service']);
const PATH_SEGMENT_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/** What the apiserver would reject in the object's apiVersion, kind, name and namespace. */
export function nameProblems(object: Record<string, unknown>): Problem[] {
  const problems = [...nonEmptyString(object, 'apiVersion'), ...nonEmptyString(object, 'kind')];
  if (object.kind === 'List') {
    problems.push({ path: ['kind'], message: 'a List is not expected here; render its items as separate documents' });
  }
  const metadata = object.metadata;
  if (!isRecord(metadata)) {
    const message = metadata === undefined ? 'required field "metadata" is missing' : `expected object, found ${brief(metadata)}`;
    return [...problems, { path: ['metadata'], message }];
  }
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    problems.push({ path: ['metadata', 'name'], message: missingOrWrong('name', name) });
  } else {
    const problem = nameRule(object.kind)(name);
    if (problem !== undefined) problems.push({ path: ['metadata', 'name'], message: problem });
  }
  problems.push(...stringMapProblems(metadata, 'labels'), ...stringMapProblems(metadata, 'annotations'));
  // The apiserver treats an empty namespace as none given, and Helm often writes one.
  const namespace = metadata.namespace;
  if (namespace !== undefined && namespace !== '') {
    const problem = typeof namespace === 'string' ? labelProblem(namespace) : `expected string, found ${brief(namespace)}`;
    if (problem !== undefined) problems.push({ path: ['metadata', 'namespace'], message: problem });
  }
  return problems;
}

// kubectl decodes labels and annotations into map[string]string: an unquoted
// `yes`, `on`, `012` or `1.5` is not a string there, and kubectl refuses it.
function stringMapProblems(metadata: Record<string, unknown>, field: 'labels' | 'annotations'): Problem[] {
  const map = metadata[field];
  if (map === undefined || map === null) return [];
  if (!isRecord(map)) return [{ path: ['metadata', field], message: `expected object, found ${brief(map)}` }];
  return Object.entries(map)
    .filter(([, value]) => typeof value !== 'string' && value !== null)
    .map(([key, value]) => ({
      path: ['metadata', field, key],
      message: `expected string, found ${brief(value)}: kubectl reads this unquoted value as a ${typeof value}; quote it in the chart or its values`,
    }));
}

/** The rule an object's `metadata.name` has to follow, by its kind. */
export function nameRule(kind: unknown): (name: string) => string | undefined {
  if (typeof kind === 'string' && LABEL_KINDS.has(kind)) return labelProblem;
  if (typeof kind === 'string' && PATH_SEGMENT_KINDS.has(kind)) return pathSegmentProblem;
  return subdomainProblem;
}

function labelProblem(name: string): string | undefined {
  if (name.length > LABEL_MAX) return `expected a DNS-1123 label of at most ${LABEL_MAX} characters, found ${name.length}: ${quote(name)}`;
  if (LABEL.test(name)) return undefined;
  return `expected a DNS-1123 label (lowercase letters, digits and "-", starting and ending with a letter or digit), found ${quote(name)}`;
}

function subdomainProblem(name: string): string | undefined {
  if (name.length > SUBDOMAIN_MAX) return `expected a DNS-1123 subdomain of at most ${SUBDOMAIN_MAX} characters, found ${name.length}`;
  if (SUBDOMAIN.test(name)) return undefined;
  const rule = 'lowercase letters, digits, "-" and ".", each part starting and ending with a letter or digit';
  return `expected a DNS-1123 subdomain (${rule}), found ${quote(name)}`;
}

function pathSegmentProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `expected a name usable as a URL path segment, found ${quote(name)}`;
  const bad = ['/', '%'].find((c) => name.includes(c));
  return bad === undefined ? undefined : `expected a name without "${bad}" (it must fit in a URL path segment), found ${quote(name)}`;
}

function nonEmptyString(object: Record<string, unknown>, field: string): Problem[] {
  const value = object[field];
  return typeof value === 'string' && value !== '' ? [] : [{ path: [field], message: missingOrWrong(field, value) }];
}

function missingOrWrong(field: string, value: unknown): string {
  return value === undefined ? `required field ${quote(field)} is missing` : `expected a non-empty string, found ${brief(value)}`;
}
