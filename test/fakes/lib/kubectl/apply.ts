// `kubectl apply --server-side`: reading the documents, field ownership, dry runs.
import { admitPod } from '../istio.js';
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { Out, flagBool, flagValue, q } from '../common.js';
import { kindPrefix, mappingFor } from '../resources.js';
import { fieldPath, saveApi, serverSideApply } from '../store.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { connect } from './connect.js';
import { KubectlError, apiError, printError } from './errors.js';

function parseDocuments(text: string, source: Json) {
  // sigs.k8s.io/yaml: YAML 1.1 scalars, a repeated key keeps its last value, a timestamp stays a string.
  const docs = YAML.parseAllDocuments(text, {
    version: '1.1',
    uniqueKeys: false,
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:timestamp'),
  });
  const objects: Json[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      const error = doc.errors[0]!;
      const line = error.linePos?.[0]?.line ?? 1;
      throw new KubectlError(
        `error parsing ${source}: error converting YAML to JSON: yaml: line ${line}: ${error.message.split('\n')[0]!.replace(/ at line.*$/, '')}`,
      );
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new KubectlError(
        `error parsing ${source}: error unmarshaling JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`,
      );
    }
    // kubectl's builder flattens List objects.
    const items = /List$/.test(String(value.kind ?? '')) && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) checkObjectMeta(item, source);
    objects.push(...items);
  }
  return objects;
}

/** Decoding into ObjectMeta refuses a label or annotation that is not a string, as kubectl does. */
function checkObjectMeta(object: Json, source: string) {
  for (const field of ['labels', 'annotations']) {
    for (const value of Object.values<Json>(object?.metadata?.[field] ?? {})) {
      if (typeof value === 'string') continue;
      const type = value === null ? 'null' : typeof value === 'boolean' ? 'bool' : typeof value === 'number' ? 'number' : 'object';
      if (type === 'null') continue;
      throw new KubectlError(
        `unable to decode ${q(source)}: json: cannot unmarshal ${type} into Go struct field ObjectMeta.metadata.${field} of type string`,
      );
    }
  }
}

export function apply(ctx: FakeContext, parsed: ParsedFlags, out: Out) {
  const filenames = parsed.flags.get('filename') ?? [];
  if (filenames.length === 0) return out.fail(1, 'error: must specify one of -f and -k').result();
  const serverSide = flagBool(parsed, 'server-side');
  const force = flagBool(parsed, 'force-conflicts');
  const dryRun = flagValue(parsed, 'dry-run') ?? 'none';
  const manager = flagValue(parsed, 'field-manager') ?? (serverSide ? 'kubectl' : 'kubectl-client-side-apply');
  if (force && !serverSide) return out.fail(1, 'error: --force-conflicts only works with --server-side').result();
  // ApplyFlags.ToOptions builds the dynamic client first: the context is checked before the namespace.
  const conn = connect(ctx, parsed, { namespaceFirst: false });
  const output = flagValue(parsed, 'output');
  let objects;
  const sources: Json[] = [];
  try {
    for (const file of filenames) {
      const source = file === '-' ? 'STDIN' : file;
      const text = file === '-' ? (ctx.stdin ?? '') : readFileSync(file, 'utf8');
      for (const object of parseDocuments(text, source)) sources.push({ object, source });
    }
  } catch (error) {
    if (error instanceof KubectlError) return out.fail(1, `error: ${error.message}`).result();
    if (error.code === 'ENOENT') return out.fail(1, `error: the path ${q(error.path)} does not exist`).result();
    throw error;
  }
  objects = sources;
  const errors: Json[] = [];
  // Discovery happens once, before anything is applied: a CR in the same
  // stream as its CRD does not map yet.
  const descriptors = conn.view.descriptors();
  const infos: Json[] = [];
  for (const { object, source } of objects) {
    const meta = object.metadata ?? {};
    if (!object.kind) {
      errors.push(new KubectlError(`unable to decode ${q(source)}: Object 'Kind' is missing in '${JSON.stringify(object)}'`));
      continue;
    }
    if (!object.apiVersion) {
      errors.push(new KubectlError(`unable to decode ${q(source)}: Object 'apiVersion' is missing in '${JSON.stringify(object)}'`));
      continue;
    }
    const mapping = mappingFor(descriptors, object.apiVersion, object.kind);
    if (!mapping) {
      errors.push(
        new KubectlError(
          `resource mapping not found for name: ${q(meta.name ?? '')} namespace: ${q(meta.namespace ?? '')} from ${q(source)}: no matches for kind ${q(object.kind)} in version ${q(object.apiVersion)}\nensure CRDs are installed first`,
        ),
      );
      continue;
    }
    let namespace;
    if (mapping.namespaced) {
      if (conn.namespaceExplicit && meta.namespace && meta.namespace !== conn.namespace) {
        errors.push(
          new KubectlError(
            `the namespace from the provided object ${q(meta.namespace)} does not match the namespace ${q(conn.namespace)}. You must pass '--namespace=${meta.namespace}' to perform this operation.`,
          ),
        );
        continue;
      }
      namespace = meta.namespace || conn.namespace;
    }
    infos.push({ object, mapping, namespace, source });
  }
  const suffix = dryRun === 'server' ? ' (server dry run)' : dryRun === 'client' ? ' (dry run)' : '';
  let dirty = false;
  for (const { object, mapping, namespace } of infos) {
    const name = object.metadata?.name;
    if (!name) {
      errors.push(new KubectlError('resource name may not be empty'));
      continue;
    }
    if (mapping.namespaced && !conn.view.namespaceExists(namespace)) {
      errors.push(apiError('NotFound', `namespaces ${q(namespace)} not found`));
      continue;
    }
    if (mapping.kind === 'CustomResourceDefinition') {
      const expected = `${object.spec?.names?.plural}.${object.spec?.group}`;
      if (name !== expected) {
        errors.push(
          apiError(
            'Invalid',
            `CustomResourceDefinition.apiextensions.k8s.io ${q(name)} is invalid: metadata.name: Invalid value: ${q(name)}: must be spec.names.plural+"."+spec.group`,
          ),
        );
        continue;
      }
    }
    let body = JSON.parse(JSON.stringify(object));
    body.metadata = { ...(body.metadata ?? {}) };
    delete body.metadata.namespace;
    // Admission: istiod's sidecar injector mutates pods, or fails the request when it cannot be reached.
    if (mapping.kind === 'Pod' && mapping.group === '') {
      const ns = conn.view.entries('Namespace', '').find((e: Json) => e.name === namespace);
      const admitted = admitPod(conn.view, body, ns ? (conn.view.full(ns).metadata?.labels ?? {}) : {});
      if ('error' in admitted) {
        errors.push(apiError('InternalError', admitted.error));
        continue;
      }
      body = admitted.pod;
    }
    const result = serverSideApply(conn.api, {
      cluster: conn.cluster.name,
      mapping,
      namespace,
      name,
      object: body,
      manager,
      force: serverSide ? force : true,
      operation: serverSide ? 'Apply' : 'Update',
      dryRun: dryRun !== 'none',
    });
    if (result.conflicts) {
      // apimachinery's managedfields getConflictMessage / printManager.
      const key = Object.keys(conn.api.objects).find(
        (k) =>
          conn.api.objects[k].namespace === (namespace ?? '') &&
          conn.api.objects[k].name === name &&
          conn.api.objects[k].kind === mapping.kind &&
          conn.api.objects[k].group === mapping.group,
      );
      const owners = (key === undefined ? undefined : conn.api.objects[key])?.managers ?? {};
      const printManager = (m: Json) => {
        const entry = owners[m];
        return entry?.operation === 'Update' ? `${q(m)} using ${entry.apiVersion} at ${entry.time}` : q(m);
      };
      const list = result.conflicts;
      const message =
        list.length === 1
          ? `Apply failed with 1 conflict: conflict with ${printManager(list[0].manager)}: ${fieldPath(list[0].path)}`
          : `Apply failed with ${list.length} conflicts: ${[...new Set(list.map((c: Json) => c.manager))]
              .sort()
              .map(
                (m) =>
                  `conflicts with ${printManager(m)}:\n${list
                    .filter((c: Json) => c.manager === m)
                    .map((c: Json) => `- ${fieldPath(c.path)}`)
                    .join('\n')}`,
              )
              .join('\n')}`;
      errors.push(
        new KubectlError(
          `${message}\nPlease review the fields above--they currently have other managers. Here\nare the ways you can resolve this warning:\n* If you intend to manage all of these fields, please re-run the apply\n  command with the \`--force-conflicts\` flag.\n* If you do not intend to manage all of the fields, please edit your\n  manifest to remove references to the fields that should keep their\n  current managers.\n* You may co-own fields by updating your manifest to match the existing\n  value; in this case, you'll become the manager if the other manager(s)\n  stop managing the field (remove it from their configuration).\nSee https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`,
        ),
      );
      continue;
    }
    if (result.changed && dryRun === 'none') dirty = true;
    const printed = `${kindPrefix(mapping.kind, mapping.group)}/${name}`;
    // The API server answers with the object as it stores it (after a dry run: as it would), defaults and all.
    if (output === 'json') out.out(`${JSON.stringify(conn.view.full(result.entry), null, 4)}\n`);
    else if (output === 'name') out.out(`${printed}\n`);
    else if (serverSide) out.out(`${printed} serverside-applied${suffix}\n`);
    else out.out(`${printed} ${result.created ? 'created' : result.changed ? 'configured' : 'unchanged'}${suffix}\n`);
  }
  if (dirty) saveApi(ctx.dir, conn.cluster.name, conn.api);
  if (infos.length === 0 && errors.length === 0) return out.fail(1, 'error: no objects passed to apply').result();
  if (errors.length) printError(out, errors);
  return out.result();
}

// -------------------------------------------------------------------- get
