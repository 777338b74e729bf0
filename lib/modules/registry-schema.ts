import { z } from 'zod';

/**
 * The config's `registry` block: one k3d-managed registry that every k3d
 * cluster of the config pulls through, a pull-through cache of one remote
 * registry (Docker Hub unless `proxy` says otherwise). It outlives the
 * clusters, so a recreated or second cluster finds the images there.
 */
export const registrySchema = z.strictObject({
  /** k3d names the registry's container `k3d-<name>`; default `mesh-cache`. */
  name: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'a DNS label: lower-case letters, digits and -')
    .optional(),
  /** The port on this machine it listens on; default 5001 (5000 is often taken, on macOS by AirPlay). */
  hostPort: z.number().int().min(1).max(65535).optional(),
  /** The registry it caches; default `https://registry-1.docker.io` (Docker Hub). */
  proxy: z.url({ protocol: /^https?$/ }).optional(),
});

export type RegistryConfig = z.output<typeof registrySchema>;
