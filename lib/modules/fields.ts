import { z } from 'zod';
import { labelProblem } from '../model/names.js';
import { ConfigError } from '../errors.js';
import { didYouMean } from '../text/suggest.js';
import { formatPath } from '../text/problem.js';
import { problemsFromZod } from './zod-problems.js';

/**
 * Refuses fields an mk* function does not take, as its schema lists them.
 * TypeScript says so in the editor, but a config runs without type checking,
 * and a field the function drops (a misspelt `namespace`) would otherwise
 * vanish without a word.
 */
export function onlyKnown(fn: string, input: unknown, schema: z.ZodObject): void {
  if (typeof input !== 'object' || input === null) return;
  const known = Object.keys(schema.shape);
  const unknown = Object.keys(input).filter((key) => !known.includes(key));
  if (unknown.length === 0) return;
  const fields = unknown.map((key) => `unknown field "${key}"${didYouMean(key, known)}`).join('; ');
  throw new ConfigError(`${fn}(): ${fields}`, { hint: `${fn} takes ${known.join(', ')}` });
}

/**
 * Checks every argument where it is given, so `port: 'three'` fails naming the
 * function and the field, rather than later as a rendered object.
 */
export function checkedInput<S extends z.ZodObject>(fn: string, input: unknown, schema: S): z.output<S> {
  onlyKnown(fn, input, schema);
  const parsed = schema.safeParse(input, { reportInput: true });
  if (parsed.success) return parsed.data;
  const problems = problemsFromZod(parsed.error.issues, [], schema);
  throw new ConfigError(`${fn}(): ${problems.map((p) => `${formatPath(p.path) || 'argument'}: ${p.message}`).join('; ')}`, {
    hint: `${fn} takes ${Object.keys(schema.shape).join(', ')}`,
  });
}

/** A name Kubernetes takes as a DNS-1123 label (a namespace, a host label), with the fix when it is not. */
export const dnsLabel = z.string().superRefine((value, ctx) => {
  const problem = labelProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
