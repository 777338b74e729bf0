import { z } from 'zod';
import { checkedInput, dnsLabel } from './fields.js';
import { needsSchema } from './needs-schema.js';
import { mkServiceEntry, portNumber, type ServiceEntryInput } from './service-entry.js';
import { ConfigError } from '../errors.js';
import type { KubernetesObject } from './types.js';

const MYSQL = 3306;

/** What `mkPXCServiceEntry` takes. */
export const pxcServiceEntryInputSchema = z.strictObject({
  /** The service name; the host becomes `<name>.<remoteClusterName>.global`. */
  name: dnsLabel,
  namespace: dnsLabel.optional(),
  remoteClusterName: dnsLabel,
  /** Where the remote cluster exposes the PXC port, typed by hand (the flake's form). */
  remoteEndpoints: z
    .array(z.strictObject({ address: z.string().min(1), port: portNumber }))
    .min(1)
    .optional(),
  /**
   * Instead of remoteEndpoints: PXC's Service in the remote cluster (by
   * default the cluster named remoteClusterName), reached through its nodes.
   */
  source: z
    .strictObject({
      cluster: z.string().min(1).optional(),
      namespace: z.string().min(1).optional(),
      /** e.g. `pxc-db-haproxy`, the Service Percona's operator makes for a release named pxc-db. */
      service: z.string().min(1),
      /** The Service's port. Default: the entry's port. */
      port: z.union([portNumber, z.string().min(1)]).optional(),
      expose: z.boolean().optional(),
      /**
       * Also one host per source pod, `<name>-<i>.<remoteClusterName>.global`, each reaching
       * pod `<statefulSet>-<i>` on its own, for replication channels that list every source.
       */
      pods: z.strictObject({ statefulSet: z.string().min(1), replicas: z.number().int().min(1).max(64) }).optional(),
    })
    .optional(),
  /** The port clients connect to. Default: 3306, MySQL's. */
  port: portNumber.optional(),
  needs: needsSchema,
});

export type PXCServiceEntryInput = z.input<typeof pxcServiceEntryInputSchema>;

/**
 * Makes a Percona XtraDB Cluster in another cluster reachable from this one
 * as `<name>.<remoteClusterName>.global:3306`, over plain TCP: at endpoints
 * typed by hand, or at the nodes of the cluster that runs it (`source`). With
 * `source.pods`, it returns that entry and one per source pod.
 */
export function mkPXCServiceEntry(input: PXCServiceEntryInput & { source: { pods: object } }): KubernetesObject[];
export function mkPXCServiceEntry(input: PXCServiceEntryInput): KubernetesObject;
export function mkPXCServiceEntry(input: PXCServiceEntryInput): KubernetesObject | KubernetesObject[] {
  const given = checkedInput('mkPXCServiceEntry', input, pxcServiceEntryInputSchema);
  const where = [given.remoteEndpoints && 'remoteEndpoints', given.source && 'source'].filter(Boolean);
  if (where.length !== 1) {
    throw new ConfigError(
      `mkPXCServiceEntry() ${given.name}: ${where.length === 0 ? 'needs remoteEndpoints or source' : 'takes remoteEndpoints or source, not both'}`,
      { hint: `source: { namespace: 'pxc', service: 'pxc-db-haproxy' } finds the endpoints in ${given.remoteClusterName} at deploy time` },
    );
  }
  const port = given.port ?? MYSQL;
  const source = given.source;
  const entry = (name: string, where: Pick<ServiceEntryInput, 'endpoints' | 'endpointsFrom'>) =>
    mkServiceEntry({
      name,
      ...(given.namespace === undefined ? {} : { namespace: given.namespace }),
      ...(given.needs === undefined ? {} : { needs: given.needs }),
      hosts: [`${name}.${given.remoteClusterName}.global`],
      ports: [{ number: port, name: 'tcp-mysql', protocol: 'TCP' }],
      location: 'MESH_INTERNAL',
      resolution: 'STATIC',
      ...where,
    });
  if (!source) {
    return entry(given.name, {
      endpoints: given.remoteEndpoints!.map((endpoint) => ({ address: endpoint.address, ports: { 'tcp-mysql': endpoint.port } })),
    });
  }
  const remote = { cluster: source.cluster ?? given.remoteClusterName, namespace: source.namespace ?? 'default' };
  const main = entry(given.name, {
    endpointsFrom: {
      ...remote,
      service: source.service,
      port: source.port ?? port,
      ...(source.expose === undefined ? {} : { expose: source.expose }),
    },
  });
  if (!source.pods) return main;
  const { statefulSet, replicas } = source.pods;
  const perPod = Array.from({ length: replicas }, (_, i) =>
    entry(`${given.name}-${i}`, { endpointsFrom: { ...remote, pod: `${statefulSet}-${i}`, port: MYSQL } }),
  );
  return [main, ...perPod];
}
