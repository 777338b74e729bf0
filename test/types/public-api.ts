/**
 * Type-level tests of what `k3d-mesh` exports, checked by `npm run lint`
 * (tsc): the README's config compiles, misspelt fields do not, and the input
 * types the mk* schemas produce keep the exact shape users write against.
 */
import { expectTypeOf } from 'vitest';
import {
  defineConfig,
  mkClusterConfig,
  mkHelmChart,
  mkIstioBase,
  mkIstioGateway,
  mkIstiod,
  mkNamespace,
  mkPXCServiceEntry,
  mkServiceEntry,
  type NamespaceInput,
  type PXCServiceEntryInput,
  type RemoteRefInput,
  type ServicePort,
  type WorkloadEntrySpec,
} from '../../index.js';

// README, "The config".
export const readme = defineConfig({
  istio: { version: '1.30.4' },
  clusters: { 'cluster-a': mkClusterConfig({ servers: 1, agents: 1 }) },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    'istio-istiod': mkIstiod({ values: { pilot: { resources: { requests: { cpu: '500m', memory: '2Gi' } } } } }),
    'istio-gateway': mkIstioGateway({ name: 'istio-ingressgateway' }),
    'my-chart': mkHelmChart({ name: 'my-chart', chart: './charts/my-chart', namespace: 'default' }),
    'pxc-remote': mkPXCServiceEntry({
      name: 'pxc-source',
      namespace: 'default',
      remoteClusterName: 'cluster-b',
      remoteEndpoints: [{ address: '172.18.0.5', port: 3306 }],
    }),
  },
});

export const misspelt = [
  // @ts-expect-error a misspelt field is refused by the type
  mkIstiod({ namespce: 'x' }),
  // @ts-expect-error resolution takes Istio's enum only
  mkServiceEntry({ name: 'x', hosts: ['a'], resolution: 'STATICK' }),
  // @ts-expect-error servers is a number
  mkClusterConfig({ servers: '1' }),
  // @ts-expect-error the gateway's service type is an enum
  mkIstioGateway({ values: { service: { type: 'Ingress' } } }),
];

expectTypeOf<NamespaceInput>().toEqualTypeOf<{
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  needs?: string[];
}>();
expectTypeOf<ServicePort>().toEqualTypeOf<{
  number: number;
  name: string;
  protocol?: 'HTTP' | 'HTTPS' | 'GRPC' | 'HTTP2' | 'MONGO' | 'TCP' | 'TLS';
  targetPort?: number;
}>();
expectTypeOf<WorkloadEntrySpec>().toEqualTypeOf<{
  address?: string;
  ports?: Record<string, number>;
  labels?: Record<string, string>;
  network?: string;
  locality?: string;
  weight?: number;
  serviceAccount?: string;
}>();
expectTypeOf<PXCServiceEntryInput>().toEqualTypeOf<{
  name: string;
  namespace?: string;
  remoteClusterName: string;
  remoteEndpoints?: Array<{ address: string; port: number }>;
  source?: {
    cluster?: string;
    namespace?: string;
    service: string;
    port?: number | string;
    expose?: boolean;
    pods?: { statefulSet: string; replicas: number };
  };
  port?: number;
  needs?: string[];
}>();
expectTypeOf<RemoteRefInput>().toEqualTypeOf<{
  cluster: string;
  namespace?: string;
  service?: string;
  pod?: string;
  port: number | string;
  expose?: boolean;
}>();
expectTypeOf(mkClusterConfig()).toHaveProperty('apiVersion').toEqualTypeOf<'k3d.io/v1alpha5'>();
