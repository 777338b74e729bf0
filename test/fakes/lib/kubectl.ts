// A fake kubectl v1.32 talking to the fake k3d clusters. Contexts come from
// the real kubeconfig files (KUBECONFIG / ~/.kube/config / --kubeconfig); a
// context's server URL is matched to a k3d cluster by its API host port, so
// a stopped or deleted cluster is "connection refused" as in real life.
//
// Error wording follows kubectl's cmd/util/helpers.go (checkErr,
// StandardErrorMessage, MultilineError, MultipleErrors) and client-go's
// clientcmd (DirectClientConfig.ClientConfig / ConfirmUsable).

import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { Out, flagBool, flagValue, parseFlags, q, scriptedFault, sortKeys } from './common.js';
import { defaultChain, findNamed, loadFile, loadMerged, writeFile } from './kubeconfig.js';
import { kindPrefix, mappingFor, qualified, resolveResource } from './resources.js';
import { clusterForServer, fieldPath, isRunning, loadApi, saveApi, serverSideApply } from './store.js';
import { ClusterView, contextFaults, faultFor, selectorMatches } from './synth.js';
import type { FakeContext, Json, ParsedFlags } from './types.js';

export const CLIENT_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.4',
  gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335',
  gitTreeState: 'clean',
  buildDate: '2025-04-22T16:03:44Z',
  goVersion: 'go1.23.8',
  compiler: 'gc',
  platform: 'linux/amd64',
};
const KUSTOMIZE_VERSION = 'v5.5.0';

const VALUE_FLAGS = new Set([
  'context',
  'kubeconfig',
  'namespace',
  'n',
  'output',
  'o',
  'field-manager',
  'selector',
  'l',
  'field-selector',
  'timeout',
  'for',
  'filename',
  'f',
  'request-timeout',
  'v',
  'cluster',
  'user',
  'server',
  's',
  'token',
  'sort-by',
  'chunk-size',
  'template',
  'revision',
  'subresource',
  'label-columns',
  'L',
  'prune-allowlist',
]);
const SHORT = { n: 'namespace', o: 'output', l: 'selector', f: 'filename', A: 'all-namespaces', s: 'server', L: 'label-columns' };

/** Whether this invocation reads stdin (`-f -`). */
export function wantsStdin(argv: string[]) {
  const parsed = parseFlags(argv, VALUE_FLAGS, SHORT);
  return (parsed.flags.get('filename') ?? []).includes('-');
}

class KubectlError extends Error {
  discovery: Json;
  raw: Json;
  reason: Json;

  /** `reason` set: an API status error ("Error from server (Reason): ..."); otherwise a client error. */
  constructor(message: string, reason?: string) {
    super(message);
    this.reason = reason;
  }
}

const apiError = (reason: Json, message: string) => new KubectlError(message, reason);
const notFound = (descriptor: Json, name: string) => apiError('NotFound', `${qualified(descriptor)} ${q(name)} not found`);

/** kubectl's StandardErrorMessage / messageForError. */
function standardMessage(error: Json) {
  if (error instanceof KubectlError && error.reason) return `Error from server (${error.reason}): ${error.message}`;
  return error.message;
}

/** checkErr for one error: "error: " unless it is an API status or already prefixed. */
function printError(out: Out, errors: Json) {
  if (errors.length === 1) {
    const error = errors[0];
    let message = standardMessage(error);
    if (!(error instanceof KubectlError && (error.reason || error.raw)) && !message.startsWith('error: ')) message = `error: ${message}`;
    out.fail(1, message);
  } else {
    out.fail(1, errors.map(standardMessage).join('\n'));
  }
}

function klogLine(message: string) {
  const now = new Date();
  const pad = (n: Json, w = 2) => String(n).padStart(w, '0');
  const stamp = `${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())} ${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}.${pad(now.getUTCMilliseconds() * 1000, 6)}`;
  return `E${stamp} ${String(process.pid).padStart(7)} memcache.go:265] "Unhandled Error" err=${JSON.stringify(message)} logger="UnhandledError"\n`;
}

// -------------------------------------------------------------------- connection

/**
 * Resolves the context and its cluster as client-go would, or throws the
 * message kubectl prints. `namespaceFirst`: the command asks the loader for
 * its namespace before building a client (get, rollout status), which
 * validates the whole config first (ConfirmUsable).
 */
function connect(ctx: FakeContext, parsed: ParsedFlags, { namespaceFirst }: { namespaceFirst: boolean }) {
  const explicit = flagValue(parsed, 'kubeconfig');
  const paths = explicit ? [explicit] : defaultChain(ctx.env);
  if (explicit && !loadFile(explicit)) throw new KubectlError(`stat ${explicit}: no such file or directory`);
  const config = loadMerged(paths);
  const wanted = flagValue(parsed, 'context');
  const contextName = wanted || config['current-context'];
  const namespaceFlag = flagValue(parsed, 'namespace');
  const context = contextName ? findNamed(config.contexts, contextName)?.context : undefined;
  if (contextName && !context) {
    if (namespaceFirst && !namespaceFlag) {
      const e = new KubectlError(
        `Error in configuration: \n* context was not found for specified context: ${contextName}\n* cluster has no server defined`,
      );
      e.raw = true;
      throw e;
    }
    throw new KubectlError(`context ${q(contextName)} does not exist`);
  }
  const clusterEntry = context ? findNamed(config.clusters, context.cluster)?.cluster : undefined;
  const server = clusterEntry?.server ?? 'http://localhost:8080';
  const namespace = namespaceFlag || context?.namespace || 'default';
  let url;
  try {
    url = new URL(server);
  } catch {
    throw new KubectlError(`Unable to connect to the server: parse ${q(server)}: invalid URI for request`);
  }
  const hostPort = url.host;
  const local = ['0.0.0.0', '127.0.0.1', 'localhost', '[::1]', 'host.docker.internal'].includes(url.hostname);
  const cluster = local ? clusterForServer(ctx.dir, server) : undefined;
  if (!local) {
    const e = new KubectlError(`Unable to connect to the server: dial tcp: lookup ${url.hostname}: no such host`);
    e.raw = true;
    e.discovery = `couldn't get current server API group list: Get "${server}/api?timeout=32s": dial tcp: lookup ${url.hostname}: no such host`;
    throw e;
  }
  if (!cluster || !isRunning(cluster)) {
    const e = new KubectlError(`The connection to the server ${hostPort} was refused - did you specify the right host or port?`);
    e.raw = true;
    e.discovery = `couldn't get current server API group list: Get "${url.origin}/api?timeout=32s": dial tcp ${hostPort}: connect: connection refused`;
    throw e;
  }
  const api = loadApi(ctx.dir, cluster.name);
  const view = new ClusterView({ cluster, api, faults: contextFaults(ctx.faults, contextName) });
  return { cluster, api, view, namespace, namespaceExplicit: Boolean(namespaceFlag), contextName };
}

function connectionFailure(out: Out, error: Json) {
  if (error.discovery) for (let i = 0; i < 3; i++) out.err(klogLine(error.discovery));
  printError(out, [error]);
}

// -------------------------------------------------------------------- main

export function kubectl(ctx: FakeContext) {
  const out = new Out();
  const parsed = parseFlags(ctx.argv, VALUE_FLAGS, SHORT);
  const [command, ...rest] = parsed.args;
  if (!command) {
    out.out(
      'kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n',
    );
    return out.result();
  }
  const scripted = scriptedFault(ctx.dir, ctx.faults, 'kubectl', command, ctx.argv);
  if (scripted) return scripted;
  try {
    switch (command) {
      case 'version':
        return version(ctx, parsed, out);
      case 'config':
        return config(ctx, parsed, rest, out);
      case 'apply':
        return apply(ctx, parsed, out);
      case 'get':
        return get(ctx, parsed, rest, out);
      case 'wait':
        return waitCmd(ctx, parsed, rest, out);
      case 'rollout':
        if (rest[0] !== 'status') return out.fail(1, `error: unknown command "${rest[0] ?? ''}" for "kubectl rollout"`).result();
        return rolloutStatus(ctx, parsed, rest.slice(1), out);
      case 'delete':
        return del(ctx, parsed, rest, out);
      default:
        return out.fail(1, `error: unknown command ${q(command)} for "kubectl"`).result();
    }
  } catch (error) {
    if (error instanceof KubectlError) {
      connectionFailure(out, error);
      return out.result();
    }
    throw error;
  }
}

// -------------------------------------------------------------------- version

function version(ctx: FakeContext, parsed: ParsedFlags, out: Out) {
  const output = flagValue(parsed, 'output');
  const client = flagBool(parsed, 'client');
  const info: Json = { clientVersion: CLIENT_VERSION, kustomizeVersion: KUSTOMIZE_VERSION };
  let serverError;
  if (!client) {
    try {
      const { cluster } = connect(ctx, parsed, { namespaceFirst: false });
      const tag = String(cluster.image ?? '').split(':')[1] ?? 'v1.35.2-k3s1';
      const m = /^v(\d+)\.(\d+)\.(\d+)-k3s(\d+)$/.exec(tag) ?? [null, '1', '35', '2', '1'];
      info.serverVersion = {
        major: m[1],
        minor: m[2],
        gitVersion: `v${m[1]}.${m[2]}.${m[3]}+k3s${m[4]}`,
        gitCommit: 'f0c2c2b5e4a4e7f5c8d6b1a9e3c7d2f4a6b8c0e1',
        gitTreeState: 'clean',
        buildDate: '2026-03-10T21:02:19Z',
        goVersion: 'go1.25.7',
        compiler: 'gc',
        platform: 'linux/amd64',
      };
    } catch (error) {
      serverError = error;
    }
  }
  if (output === 'json') out.out(`${JSON.stringify(info, null, 2)}\n`);
  else if (output === 'yaml') out.out(`${YAML.stringify(info)}\n`);
  else if (output) return out.fail(1, `error: --output must be 'yaml' or 'json'`).result();
  else {
    out.out(`Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
    if (info.serverVersion) out.out(`Server Version: ${info.serverVersion.gitVersion}\n`);
  }
  if (serverError) connectionFailure(out, serverError);
  return out.result();
}

// -------------------------------------------------------------------- config

function config(ctx: FakeContext, parsed: ParsedFlags, args: Json, out: Out) {
  const [sub, ...names] = args;
  const explicit = flagValue(parsed, 'kubeconfig');
  const paths = explicit ? [explicit] : defaultChain(ctx.env);
  const merged = loadMerged(paths);
  switch (sub) {
    case 'current-context':
      if (!merged['current-context']) return out.fail(1, 'error: current-context is not set').result();
      return out.out(`${merged['current-context']}\n`).result();
    case 'get-contexts': {
      const nameOnly = flagValue(parsed, 'output') === 'name';
      const errors: Json[] = [];
      let toPrint = merged.contexts.map((c: Json) => c.name);
      if (names.length) {
        toPrint = names.filter((n: Json) => (findNamed(merged.contexts, n) ? true : (errors.push(`context ${n} not found`), false)));
      }
      toPrint.sort();
      const rows = nameOnly ? [] : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']];
      for (const name of toPrint) {
        const c = findNamed(merged.contexts, name).context ?? {};
        if (nameOnly) out.out(`${name}\n`);
        else rows.push([merged['current-context'] === name ? '*' : ' ', name, c.cluster ?? '', c.user ?? '', c.namespace ?? '']);
      }
      if (!nameOnly) out.out(table(rows));
      if (errors.length) out.fail(1, `error: ${errors.join(', ')}`);
      return out.result();
    }
    case 'use-context': {
      const name = names[0];
      if (!findNamed(merged.contexts, name)) return out.fail(1, `error: no context exists with the name: ${q(name)}`).result();
      const path = paths.find((p: Json) => loadFile(p)) ?? paths[0];
      const file = loadFile(path) ?? merged;
      file['current-context'] = name;
      writeFile(path, file);
      return out.out(`Switched to context ${q(name)}.\n`).result();
    }
    case 'view': {
      const raw = flagBool(parsed, 'raw');
      const shown = JSON.parse(JSON.stringify(merged));
      if (!raw) {
        for (const c of shown.clusters)
          if (c.cluster?.['certificate-authority-data']) c.cluster['certificate-authority-data'] = 'DATA+OMITTED';
        for (const u of shown.users) {
          for (const key of ['client-certificate-data', 'client-key-data']) if (u.user?.[key]) u.user[key] = 'DATA+OMITTED';
          for (const key of ['token', 'password']) if (u.user?.[key]) u.user[key] = 'REDACTED';
        }
      }
      const sorted = sortKeys(shown);
      out.out(
        flagValue(parsed, 'output') === 'json' ? `${JSON.stringify(sorted, null, 4)}\n` : YAML.stringify(sorted, { indentSeq: false }),
      );
      return out.result();
    }
    default:
      return out.fail(1, `error: unknown command ${q(sub ?? '')} for "kubectl config"`).result();
  }
}

// -------------------------------------------------------------------- apply

function parseDocuments(text: string, source: Json) {
  const docs = YAML.parseAllDocuments(text, { version: '1.1' });
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
    if (/List$/.test(String(value.kind ?? '')) && Array.isArray(value.items)) objects.push(...value.items);
    else objects.push(value);
  }
  return objects;
}

function apply(ctx: FakeContext, parsed: ParsedFlags, out: Out) {
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
    const body = JSON.parse(JSON.stringify(object));
    body.metadata = { ...(body.metadata ?? {}) };
    delete body.metadata.namespace;
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
    if (output === 'name') out.out(`${printed}\n`);
    else if (serverSide) out.out(`${printed} serverside-applied${suffix}\n`);
    else out.out(`${printed} ${result.created ? 'created' : result.changed ? 'configured' : 'unchanged'}${suffix}\n`);
  }
  if (dirty) saveApi(ctx.dir, conn.cluster.name, conn.api);
  if (infos.length === 0 && errors.length === 0) return out.fail(1, 'error: no objects passed to apply').result();
  if (errors.length) printError(out, errors);
  return out.result();
}

// -------------------------------------------------------------------- get

/** `type/name` args, or `type[,type] [name...]`. */
function parseTargets(view: Json, args: Json) {
  const targets: Json[] = [];
  if (args.length === 0)
    throw new KubectlError(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples',
    );
  const resolve = (token: string) => {
    const d = resolveResource(view.descriptors(), token);
    if (!d) throw new KubectlError(`the server doesn't have a resource type ${q(token)}`);
    return d;
  };
  if (args.every((a: Json) => a.includes('/'))) {
    for (const arg of args) {
      const [type, name] = arg.split('/');
      targets.push({ descriptor: resolve(type), name });
    }
    return targets;
  }
  if (args.slice(1).some((a: Json) => a.includes('/')))
    throw new KubectlError(
      "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
    );
  const types = args[0].split(',').map(resolve);
  const names = args.slice(1);
  for (const descriptor of types) {
    if (names.length === 0) targets.push({ descriptor });
    else for (const name of names) targets.push({ descriptor, name });
  }
  return targets;
}

function parseLabelSelector(text: string | undefined) {
  if (!text) return () => true;
  const parts: Json[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  const tests = parts.map((part) => {
    const set = /^([^\s!=]+)\s+(in|notin)\s+\((.*)\)$/.exec(part);
    if (set) {
      const [, key = '', op, list = ''] = set;
      const values = list.split(',').map((v) => v.trim());
      return op === 'in'
        ? (l: Json) => Object.hasOwn(l, key) && values.includes(l[key])
        : (l: Json) => !Object.hasOwn(l, key) || !values.includes(l[key]);
    }
    const unequal = /^([^!=\s]+)\s*!=\s*(.*)$/.exec(part);
    if (unequal) return (l: Json) => l[unequal[1]!] !== unequal[2];
    const equal = /^([^!=\s]+)\s*==?\s*(.*)$/.exec(part);
    if (equal) return (l: Json) => l[equal[1]!] === equal[2];
    const absent = /^!\s*(\S+)$/.exec(part);
    if (absent) return (l: Json) => !Object.hasOwn(l, absent[1]!);
    return (l: Json) => Object.hasOwn(l, part);
  });
  return (labels: Json) => tests.every((t) => t(labels ?? {}));
}

const FIELD_LABELS: Record<string, string[]> = {
  '/Pod': [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  '/Event': [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  '/Namespace': ['status.phase'],
  '/Secret': ['type'],
  '/Node': ['spec.unschedulable'],
  'apps/ReplicaSet': ['status.replicas'],
};

function parseFieldSelector(text: string | undefined, descriptor: Json) {
  if (!text) return () => true;
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...(FIELD_LABELS[`${descriptor.group}/${descriptor.kind}`] ?? [])]);
  const tests = text.split(',').map((part: Json) => {
    const m = /^([^!=]+)(==|!=|=)(.*)$/.exec(part.trim());
    if (!m) throw apiError('BadRequest', `invalid selector: '${text}'; can't understand '${part}'`);
    const [, field = '', op, value] = m;
    if (!allowed.has(field)) {
      throw apiError(
        'BadRequest',
        `Unable to find ${q(`${descriptor.group}/${descriptor.versions[0]}, Resource=${descriptor.resource}`)} that match label selector "", field selector ${q(text)}: field label not supported: ${field}`,
      );
    }
    const read = (o: Json) => {
      const v = field === 'source' ? o.source?.component : field.split('.').reduce((acc, k) => acc?.[k], o);
      return v === undefined || v === null ? '' : String(v);
    };
    return op === '!=' ? (o: Json) => read(o) !== value : (o: Json) => read(o) === value;
  });
  return (o: Json) => tests.every((t: Json) => t(o));
}

function get(ctx: FakeContext, parsed: ParsedFlags, args: Json, out: Out) {
  const conn = connect(ctx, parsed, { namespaceFirst: true });
  const all = flagBool(parsed, 'all-namespaces');
  const output = flagValue(parsed, 'output') ?? '';
  const ignoreNotFound = flagBool(parsed, 'ignore-not-found');
  const targets = parseTargets(conn.view, args);
  if (all && targets.some((t) => t.name))
    return out.fail(1, 'error: a resource cannot be retrieved by name across all namespaces').result();
  const labelTest = parseLabelSelector(flagValue(parsed, 'selector'));
  const found: Json[] = [];
  const errors: Json[] = [];
  for (const { descriptor, name } of targets) {
    const ns = descriptor.namespaced ? (all ? undefined : conn.namespace) : undefined;
    const fieldTest = parseFieldSelector(flagValue(parsed, 'field-selector'), descriptor);
    const objects = conn.view.list(descriptor, ns);
    if (name !== undefined) {
      const object = objects.find((o: Json) => o.metadata.name === name);
      if (object) found.push({ descriptor, object });
      else if (!ignoreNotFound) errors.push(notFound(descriptor, name));
    } else {
      for (const object of objects) if (labelTest(object.metadata.labels) && fieldTest(object)) found.push({ descriptor, object });
    }
  }
  const singleItem = targets.length === 1 && targets[0].name !== undefined;
  print(out, found, output, singleItem, all);
  if (!output && found.length === 0 && errors.length === 0 && !ignoreNotFound) {
    out.err(targets[0]?.descriptor.namespaced && !all ? `No resources found in ${conn.namespace} namespace.\n` : 'No resources found\n');
  }
  if (errors.length) printError(out, errors);
  return out.result();
}

function print(out: Out, found: Json, output: Json, singleItem: Json, all: Json) {
  const objects = found.map((f: Json) => f.object);
  const asListOrItem = () =>
    singleItem && objects.length === 1 ? objects[0] : { apiVersion: 'v1', items: objects, kind: 'List', metadata: { resourceVersion: '' } };
  if (output === 'json') {
    if (singleItem && objects.length === 0) return;
    out.out(`${JSON.stringify(sortKeys(asListOrItem()), null, 4)}\n`);
  } else if (output === 'yaml') {
    if (singleItem && objects.length === 0) return;
    out.out(YAML.stringify(sortKeys(asListOrItem()), { indentSeq: false, lineWidth: 0 }));
  } else if (output === 'name') {
    for (const { descriptor, object } of found) out.out(`${kindPrefix(descriptor.kind, descriptor.group)}/${object.metadata.name}\n`);
  } else if (output.startsWith('jsonpath=')) {
    out.out(jsonpath(output.slice('jsonpath='.length), asListOrItem()));
  } else if (output === '' || output === 'wide') {
    if (objects.length === 0) return;
    const withNs = all && found[0].descriptor.namespaced;
    const rows: Json[] = [];
    const kind = found[0].descriptor.kind;
    if (kind === 'Pod') {
      rows.push([...(withNs ? ['NAMESPACE'] : []), 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
      for (const p of objects) {
        const cs = p.status.containerStatuses ?? [];
        const waiting = cs.find((c: Json) => c.state?.waiting)?.state.waiting.reason;
        rows.push([
          ...(withNs ? [p.metadata.namespace] : []),
          p.metadata.name,
          `${cs.filter((c: Json) => c.ready).length}/${p.spec.containers.length}`,
          waiting ?? p.status.phase,
          String(cs.reduce((n: Json, c: Json) => n + (c.restartCount ?? 0), 0)),
          age(p),
        ]);
      }
    } else {
      rows.push([...(withNs ? ['NAMESPACE'] : []), 'NAME', 'AGE']);
      for (const o of objects) rows.push([...(withNs ? [o.metadata.namespace ?? ''] : []), o.metadata.name, age(o)]);
    }
    out.out(table(rows));
  } else {
    out.fail(
      1,
      `error: unable to match a printer suitable for the output format ${q(output)}, allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
    );
  }
}

function age(object: Json) {
  const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(object.metadata.creationTimestamp ?? new Date().toISOString())) / 1000));
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h`;
}

/** Enough JSONPath for `{.a.b}`, `{.items[*].metadata.name}` and `{range}`-less templates. */
function jsonpath(template: Json, data: Json) {
  const body = template.replace(/^'|'$/g, '');
  return body.replace(/\{([^}]*)\}/g, (_: Json, expr: Json) => {
    let values = [data];
    for (const part of expr.replace(/^\./, '').split('.').filter(Boolean)) {
      const m = /^([^[]*)(?:\[(\*|\d+)\])?$/.exec(part)!;
      values = values.flatMap((v) => {
        let next = m[1] ? v?.[m[1]] : v;
        if (m[2] === '*') return Array.isArray(next) ? next : [];
        if (m[2] !== undefined) next = next?.[Number(m[2])];
        return next === undefined ? [] : [next];
      });
    }
    return values.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(' ');
  });
}

function table(rows: Json) {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_: Json, i: Json) => Math.max(...rows.map((r: Json) => String(r[i] ?? '').length)));
  return (
    rows
      .map((r: Json) =>
        r
          .map((cell: Json, i: Json) => (i === r.length - 1 ? String(cell) : String(cell).padEnd(widths[i] + 3)))
          .join('')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

// -------------------------------------------------------------------- wait

function parseTimeout(text: string | undefined, fallback: number) {
  if (text === undefined) return fallback;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  if (!m) return fallback;
  return Number(m[1]) * { ms: 0.001, s: 1, m: 60, h: 3600 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
}

function waitCmd(ctx: FakeContext, parsed: ParsedFlags, args: Json, out: Out) {
  const forCond = flagValue(parsed, 'for');
  if (!forCond) return out.fail(1, 'error: --for must be specified').result();
  // WaitFlags.ToOptions asks for the REST config before the namespace.
  const conn = connect(ctx, parsed, { namespaceFirst: false });
  const timeout = parseTimeout(flagValue(parsed, 'timeout'), 30);
  const targets = args.length ? parseTargets(conn.view, args) : [];
  const all = flagBool(parsed, 'all');
  const labelTest = parseLabelSelector(flagValue(parsed, 'selector'));
  // Targets are visited in order: earlier ones print "condition met" before a later one fails.
  const resolved: Json[] = [];
  for (const t of targets) {
    const ns = t.descriptor.namespaced ? (flagBool(parsed, 'all-namespaces') ? undefined : conn.namespace) : undefined;
    const objects = conn.view.list(t.descriptor, ns);
    if (t.name !== undefined) {
      const object = objects.find((o: Json) => o.metadata.name === t.name);
      resolved.push({ descriptor: t.descriptor, object, name: t.name });
    } else if (all || flagValue(parsed, 'selector')) {
      for (const object of objects)
        if (labelTest(object.metadata.labels)) resolved.push({ descriptor: t.descriptor, object, name: object.metadata.name });
    } else {
      return out.fail(1, 'error: resource(s) were provided, but no name was specified').result();
    }
  }
  if (resolved.length === 0 && forCond !== 'delete') return out.fail(1, 'error: no matching resources found').result();
  for (const { descriptor, object, name } of resolved) {
    if (!object) {
      if (forCond === 'delete') continue;
      printError(out, [notFound(descriptor, name)]);
      return out.result();
    }
    const printed = `${kindPrefix(descriptor.kind, descriptor.group)}/${object.metadata.name}`;
    const timedOut = () =>
      out.fail(1, `error: timed out waiting for the condition on ${descriptor.resource}/${object.metadata.name}`).result();
    const fault =
      faultFor(conn.view.faults.wait, descriptor.singular, object.metadata.namespace ?? '', object.metadata.name) ??
      faultFor(
        conn.view.faults.wait,
        descriptor.shortNames[0] ?? descriptor.singular,
        object.metadata.namespace ?? '',
        object.metadata.name,
      );
    if (fault === 'never') return timedOut();
    if (forCond === 'delete') return timedOut();
    if (forCond.startsWith('condition=')) {
      const [type = '', value = 'True'] = forCond.slice('condition='.length).split('=');
      const met = (object.status?.conditions ?? []).some(
        (c: Json) => c.type.toLowerCase() === type.toLowerCase() && String(c.status).toLowerCase() === value.toLowerCase(),
      );
      if (!met)
        return timeout === 0
          ? out.fail(1, `error: condition not met for ${descriptor.resource}/${object.metadata.name}`).result()
          : timedOut();
      out.out(`${printed} condition met\n`);
    } else if (forCond === 'create') {
      out.out(`${printed} condition met\n`);
    } else if (forCond.startsWith('jsonpath=')) {
      const [path = '', expected] = forCond.slice('jsonpath='.length).split('=');
      const actual = jsonpath(path.startsWith('{') ? path : `{${path}}`, object);
      if (expected !== undefined ? actual !== expected : actual === '') return timedOut();
      out.out(`${printed} condition met\n`);
    } else {
      return out.fail(1, `error: unrecognized condition: ${q(forCond)}`).result();
    }
  }
  return out.result();
}

// -------------------------------------------------------------------- rollout status

function rolloutStatus(ctx: FakeContext, parsed: ParsedFlags, args: Json, out: Out) {
  const conn = connect(ctx, parsed, { namespaceFirst: true });
  const watch = flagBool(parsed, 'watch', true);
  const targets = parseTargets(conn.view, args);
  for (const { descriptor, name } of targets) {
    if (name === undefined) return out.fail(1, 'error: resource name may not be empty').result();
    const objects = conn.view.list(descriptor, descriptor.namespaced ? conn.namespace : undefined);
    const object = objects.find((o: Json) => o.metadata.name === name);
    if (!object) {
      printError(out, [notFound(descriptor, name)]);
      return out.result();
    }
    if (descriptor.group !== 'apps' || !['Deployment', 'DaemonSet', 'StatefulSet'].includes(descriptor.kind)) {
      return out.fail(1, `error: no status viewer has been implemented for ${descriptor.kind}`).result();
    }
    const w = conn.view.workloads().find((x: Json) => x.entry.uid === object.metadata.uid);
    const fault = faultFor(conn.view.faults.rollout, descriptor.kind, object.metadata.namespace, name);
    const done = w.ready >= w.desired && fault !== 'never' && fault !== 'deadline' && fault !== 'unavailable';
    if (descriptor.kind === 'Deployment') {
      if (fault === 'deadline') return out.fail(1, `error: deployment ${q(name)} exceeded its progress deadline`).result();
      if (done) out.out(`deployment ${q(name)} successfully rolled out\n`);
      else out.out(`Waiting for deployment ${q(name)} rollout to finish: ${w.ready} of ${w.desired} updated replicas are available...\n`);
    } else if (descriptor.kind === 'DaemonSet') {
      if (done) out.out(`daemon set ${q(name)} successfully rolled out\n`);
      else out.out(`Waiting for daemon set ${q(name)} rollout to finish: ${w.ready} of ${w.desired} updated pods are available...\n`);
    } else if (done) {
      out.out(`partitioned roll out complete: ${w.desired} new pods have been updated...\n`);
    } else {
      out.out(`Waiting for ${w.desired - w.ready} pods to be ready...\n`);
    }
    // A rollout that never finishes: the fake answers at once with the
    // message kubectl prints when --timeout runs out (no real waiting).
    if (!done && watch) return out.fail(1, 'error: timed out waiting for the condition').result();
  }
  return out.result();
}

// -------------------------------------------------------------------- delete

function del(ctx: FakeContext, parsed: ParsedFlags, args: Json, out: Out) {
  const conn = connect(ctx, parsed, { namespaceFirst: true });
  const ignore = flagBool(parsed, 'ignore-not-found');
  const errors: Json[] = [];
  let dirty = false;
  for (const { descriptor, name } of parseTargets(conn.view, args)) {
    if (name === undefined) return out.fail(1, 'error: resource(s) were provided, but no name was specified').result();
    const ns = descriptor.namespaced ? conn.namespace : '';
    const key = Object.keys(conn.api.objects).find((k) => {
      const e = conn.api.objects[k];
      return e.group === descriptor.group && e.kind === descriptor.kind && e.namespace === ns && e.name === name;
    });
    if (!key) {
      if (!ignore) errors.push(notFound(descriptor, name));
      continue;
    }
    delete conn.api.objects[key];
    if (descriptor.kind === 'Namespace') {
      for (const [k, e] of Object.entries(conn.api.objects as Record<string, Json>)) if (e.namespace === name) delete conn.api.objects[k];
    }
    conn.api.rv += 1;
    dirty = true;
    out.out(`${kindPrefix(descriptor.kind, descriptor.group)} ${q(name)} deleted\n`);
  }
  if (dirty) saveApi(ctx.dir, conn.cluster.name, conn.api);
  if (errors.length) printError(out, errors);
  return out.result();
}

export { selectorMatches };
