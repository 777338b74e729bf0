import { z } from 'zod';
import { gitopsSchema } from '../lib/modules/gitops-schema.js';
import { registrySchema } from '../lib/modules/registry-schema.js';

/**
 * The config file's own shape, checked before anything runs. Objects are
 * strict so a misspelt field is refused (with a did-you-mean) rather than
 * ignored. What an mk* function returns is checked against that function's
 * own schema, in lib/modules.
 */

const str = z.string();
const labelled = z.record(str, str);

export const objectSchema = z.looseObject({
  apiVersion: str.min(1),
  kind: str.min(1),
  metadata: z.looseObject({
    name: str.min(1),
    namespace: str.min(1).optional(),
    labels: labelled.optional(),
    annotations: labelled.optional(),
  }),
});

export const rootSchema = z.strictObject({
  istio: z.strictObject({ version: str.min(1).optional(), repo: str.min(1).optional() }).optional(),
  clusters: z.record(str, z.unknown()).optional(),
  packages: z.record(str, z.unknown()).optional(),
  deploy: z.record(str, z.array(str)).optional(),
  wait: z.strictObject({ timeout: z.union([str, z.number()]).optional() }).optional(),
  gitops: gitopsSchema.optional(),
  registry: registrySchema.optional(),
});

export const PACKAGE_TYPES = ['helm-chart', 'k3d-script'] as const;
