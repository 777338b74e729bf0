import { z } from 'zod';

/** How `endpointsFrom` and `source` are written in a config; checked into a RemoteRef by remote-ref.ts. */
const port = z.number().int().min(1).max(65535);

export const remoteRefSchema = z.strictObject({
  /** A cluster of the config's `clusters`. */
  cluster: z.string().min(1),
  /** Default: `default`. */
  namespace: z.string().min(1).optional(),
  /** The Service; or instead `pod`, one pod of a StatefulSet, which mesh always exposes on its own. */
  service: z.string().min(1).optional(),
  pod: z.string().min(1).optional(),
  /** The Service's port, by number or name; a pod's container port. */
  port: z.union([port, z.string().min(1)]),
  /** When the Service is only ClusterIP: mesh adds a NodePort Service beside it, with its selector. */
  expose: z.boolean().optional(),
});

export type RemoteRefInput = z.input<typeof remoteRefSchema>;
