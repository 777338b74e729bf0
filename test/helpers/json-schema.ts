import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { expect } from 'vitest';
import { projectRoot } from './paths.js';

/** Checks a command's `--json` output against its schema in cli/schemas/, and returns it parsed. */
export function expectJsonShape(command: string, stdout: string): unknown {
  const schema = JSON.parse(readFileSync(join(projectRoot, 'cli', 'schemas', `${command}.schema.json`), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  const value: unknown = JSON.parse(stdout);
  expect(validate(value), JSON.stringify(validate.errors, null, 2)).toBe(true);
  return value;
}
