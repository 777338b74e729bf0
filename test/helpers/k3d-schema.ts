import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { k3dSchemaPath } from './paths.js';

// The two formats k3d's schema uses, as ajv-formats defines them; mesh does
// not depend on ajv-formats, and without these Ajv would ignore the formats.
const HOSTNAME = /^(?=.{1,253}\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

// strict: false because k3d's schema uses `examples`, which draft-07 Ajv does not know.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addFormat('hostname', HOSTNAME);
ajv.addFormat('ipv4', IPV4);
const validate = ajv.compile(JSON.parse(readFileSync(k3dSchemaPath, 'utf8')) as object);

/**
 * What k3d's own schema rejects in a k3d-config.yaml text, one line per
 * error; empty when k3d would accept the file.
 */
export function k3dSchemaErrors(yamlText: string): string[] {
  if (validate(parse(yamlText))) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(error: ErrorObject): string {
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params.additionalProperty)})` : '';
  return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra}`;
}
