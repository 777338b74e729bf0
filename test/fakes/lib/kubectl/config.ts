// `kubectl config`: current-context, get-contexts, use-context, delete-context, view.
import YAML from 'yaml';
import { Out, flagBool, flagValue, q, sortKeys } from '../common.js';
import { defaultChain, findNamed, loadFile, loadMerged, writeFile } from '../kubeconfig.js';
import type { FakeContext, Json, ParsedFlags } from '../types.js';
import { table } from './get.js';

export function config(ctx: FakeContext, parsed: ParsedFlags, args: Json, out: Out) {
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
      writeFile(path, file, 'kubectl');
      return out.out(`Switched to context ${q(name)}.\n`).result();
    }
    case 'delete-context': {
      // delete_context.go: only from the file that has it; the current context may be deleted, with a warning.
      const name = names[0];
      const path = paths.find((p: Json) => findNamed(loadFile(p)?.contexts ?? [], name));
      if (!path) return out.fail(1, `error: cannot delete context ${name}, not in ${paths[0]}`).result();
      const file = loadFile(path);
      if (file['current-context'] === name)
        out.err(`warning: this removed your active context, use "kubectl config use-context" to select a different one\n`);
      file.contexts = file.contexts.filter((c: Json) => c.name !== name);
      writeFile(path, file, 'kubectl');
      return out.out(`deleted context ${name} from ${path}\n`).result();
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
