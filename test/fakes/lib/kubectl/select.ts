// Which objects a command names: resource/name arguments, label and field selectors.
import { q } from '../common.js';
import { resolveResource } from '../resources.js';
import type { Json } from '../types.js';
import { KubectlError, apiError } from './errors.js';

/** `type/name` args, or `type[,type] [name...]`. */
export function parseTargets(view: Json, args: Json) {
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

export function parseLabelSelector(text: string | undefined) {
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

export function parseFieldSelector(text: string | undefined, descriptor: Json) {
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
