// State files of the fakes, all under $MESH_FAKE_STATE and only touched under its lock:
//   k3d/clusters/<name>.json  one k3d cluster (what docker would know about its containers)
//   k3d/networks.json         docker networks k3d created or `docker network create` made
//   api/<cluster>.json        the cluster's API objects, with server-side apply field ownership

import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { clone, isObject, readJson, rfc3339, uuidFrom, writeJson } from './common.js';
import type { Json } from './types.js';

// ---------------------------------------------------------------- k3d clusters

export function clusterFile(dir: string, name: string): string {
  return join(dir, 'k3d', 'clusters', `${name}.json`);
}

export function listClusters(dir: string): Json[] {
  const folder = join(dir, 'k3d', 'clusters');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .map((file) => readJson(join(folder, file), undefined))
    .filter(Boolean)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function getCluster(dir: string, name: string): Json {
  return readJson(clusterFile(dir, name), undefined);
}

export function saveCluster(dir: string, cluster: Json): void {
  writeJson(clusterFile(dir, cluster.name), cluster);
}

export function removeCluster(dir: string, name: string): void {
  rmSync(clusterFile(dir, name), { force: true });
  rmSync(apiFile(dir, name), { force: true });
}

export function isRunning(cluster: Json): boolean {
  return cluster.nodes.some((node: Json) => node.role === 'server' && node.running);
}

/** The k3d cluster whose API the URL points at, if any. */
export function clusterForServer(dir: string, server: string): Json {
  let url;
  try {
    url = new URL(server);
  } catch {
    return undefined;
  }
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return listClusters(dir).find((cluster) => cluster.api?.hostPort === port);
}

// ---------------------------------------------------------------- docker networks

export function readNetworks(dir: string): Record<string, Json> {
  return readJson(join(dir, 'k3d', 'networks.json'), {});
}

export function saveNetworks(dir: string, networks: Record<string, Json>): void {
  writeJson(join(dir, 'k3d', 'networks.json'), networks);
}

// ---------------------------------------------------------------- API objects

export function apiFile(dir: string, cluster: string): string {
  return join(dir, 'api', `${cluster}.json`);
}

export function loadApi(dir: string, cluster: string): Json {
  return readJson(apiFile(dir, cluster), undefined) ?? { rv: 1, objects: {} };
}

export function saveApi(dir: string, cluster: string, api: Json): void {
  writeJson(apiFile(dir, cluster), api);
}

export function objectKey(group: string, kind: string, namespace: string, name: string): string {
  return `${group}|${kind}|${namespace ?? ''}|${name}`;
}

const SERVER_METADATA = new Set([
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'name',
  'namespace',
]);

/**
 * The fields an applied configuration sets, as leaf paths. Lists are atomic
 * (a simplification: the API server merges some lists by key), empty maps
 * are leaves, and status and server-set metadata are not part of an apply.
 */
export function leavesOf(object: Json): Record<string, Json> {
  const leaves: Json = {};
  const walk = (value: Json, path: Json) => {
    if (isObject(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) {
        if (path.length === 0 && (key === 'apiVersion' || key === 'kind' || key === 'status')) continue;
        if (path.length === 1 && path[0] === 'metadata' && SERVER_METADATA.has(key)) continue;
        walk(child, [...path, key]);
      }
    } else if (path.length > 0) {
      leaves[JSON.stringify(path)] = value;
    }
  };
  walk(object, []);
  return leaves;
}

function isPrefix(short: string[], long: string[]) {
  return short.length < long.length && short.every((part: Json, i: Json) => long[i] === part);
}

function same(a: Json, b: Json) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** `.spec.replicas`, as the API server prints a field path. */
export function fieldPath(path: string[]): string {
  return path.map((part) => `.${part}`).join('');
}

export function materialize(entry: Json) {
  const object: Json = { apiVersion: entry.apiVersion, kind: entry.kind, metadata: { name: entry.name } };
  if (entry.namespace) object.metadata.namespace = entry.namespace;
  for (const manager of entry.managerOrder) {
    for (const [key, value] of Object.entries(entry.managers[manager]?.leaves ?? {})) {
      const path = JSON.parse(key);
      let cursor = object;
      for (const part of path.slice(0, -1)) {
        if (!isObject(cursor[part])) cursor[part] = {};
        cursor = cursor[part];
      }
      cursor[path[path.length - 1]] = clone(value);
    }
  }
  return object;
}

function withoutMetadata(object: Json) {
  const { metadata, ...rest } = object;
  return rest;
}

/**
 * Server-side apply of `object` by `manager`, with field ownership:
 * another manager's field set to a different value is a conflict unless
 * `force`, which moves ownership. Fields the manager no longer sets are
 * removed unless another manager owns them. Identical re-applies change
 * nothing (same resourceVersion).
 */
export function serverSideApply(
  api: Json,
  { cluster, mapping, namespace, name, object, manager, force, operation = 'Apply', dryRun = false }: Json,
) {
  const key = objectKey(mapping.group, mapping.kind, namespace, name);
  const before = api.objects[key];
  const entry = before
    ? clone(before)
    : {
        group: mapping.group,
        kind: mapping.kind,
        namespace: namespace ?? '',
        name,
        apiVersion: object.apiVersion,
        uid: uuidFrom(`${cluster}/${key}/${api.rv}`),
        created: rfc3339(),
        generation: 1,
        rv: 0,
        managers: {},
        managerOrder: [],
      };
  const leaves = leavesOf(object);
  const conflicts: Json[] = [];
  for (const other of entry.managerOrder) {
    if (other === manager) continue;
    const owned = entry.managers[other].leaves;
    for (const [otherKey, otherValue] of Object.entries(owned)) {
      const otherPath = JSON.parse(otherKey);
      for (const [mineKey, mineValue] of Object.entries(leaves)) {
        const minePath = JSON.parse(mineKey);
        const clash =
          (mineKey === otherKey && !same(mineValue, otherValue)) ||
          (isPrefix(minePath, otherPath) && !(isObject(mineValue) && Object.keys(mineValue).length === 0)) ||
          (isPrefix(otherPath, minePath) && !(isObject(otherValue) && Object.keys(otherValue).length === 0));
        if (clash)
          conflicts.push({ manager: other, path: mineKey === otherKey || isPrefix(minePath, otherPath) ? otherPath : minePath, otherKey });
      }
    }
  }
  if (conflicts.length > 0 && !force) return { conflicts: dedupeConflicts(conflicts) };
  for (const conflict of conflicts) delete entry.managers[conflict.manager].leaves[conflict.otherKey];
  for (const other of [...entry.managerOrder]) {
    if (other !== manager && Object.keys(entry.managers[other].leaves).length === 0) {
      delete entry.managers[other];
      entry.managerOrder = entry.managerOrder.filter((m: Json) => m !== other);
    }
  }
  const previous = before ? materialize(before) : undefined;
  entry.apiVersion = object.apiVersion;
  const owner = entry.managers[manager];
  entry.managers[manager] = {
    operation,
    apiVersion: object.apiVersion,
    time: owner && same(owner.leaves, leaves) ? owner.time : rfc3339(),
    leaves,
  };
  if (!entry.managerOrder.includes(manager)) entry.managerOrder.push(manager);
  const after = materialize(entry);
  const changed = !previous || !same(previous, after) || !same(before?.managers, entry.managers);
  if (changed) {
    if (previous && !same(withoutMetadata(previous), withoutMetadata(after))) entry.generation += 1;
    if (!dryRun) {
      api.rv += 1;
      entry.rv = api.rv;
    }
  }
  if (!dryRun) api.objects[key] = entry;
  return { entry, changed, created: !before };
}

function dedupeConflicts(conflicts: Json) {
  const seen = new Set();
  return conflicts.filter((c: Json) => {
    const id = `${c.manager}\0${JSON.stringify(c.path)}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** The stored object as the API server returns it, before status and defaults. */
export function storedObject(entry: Json): Json {
  const object = materialize(entry);
  object.metadata.uid = entry.uid;
  object.metadata.resourceVersion = String(entry.rv);
  object.metadata.creationTimestamp = entry.created;
  if (
    !['Namespace', 'ConfigMap', 'Secret', 'ServiceAccount', 'Service', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].includes(
      entry.kind,
    )
  ) {
    object.metadata.generation = entry.generation;
  }
  object.metadata.managedFields = entry.managerOrder.map((manager: Json) => ({
    apiVersion: entry.managers[manager].apiVersion,
    fieldsType: 'FieldsV1',
    fieldsV1: fieldsV1(entry.managers[manager].leaves),
    manager,
    operation: entry.managers[manager].operation,
    time: entry.managers[manager].time,
  }));
  return object;
}

/** managedFields' FieldsV1 set (`f:` keys; lists shown as one atomic field). */
function fieldsV1(leaves: Json) {
  const out: Json = {};
  for (const key of Object.keys(leaves)) {
    let cursor = out;
    for (const part of JSON.parse(key)) {
      const name = `f:${part}`;
      if (!isObject(cursor[name])) cursor[name] = {};
      cursor = cursor[name];
    }
  }
  return out;
}

export function allEntries(api: Json): Json[] {
  return Object.values(api.objects as Record<string, Json>).sort(
    (a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
  );
}
