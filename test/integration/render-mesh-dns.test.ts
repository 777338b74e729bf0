import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { mkIstioBase, mkIstiod } from '../../lib/modules/istio.js';
import { mkPXCServiceEntry } from '../../lib/modules/pxc-service-entry.js';
import { renderConfig, renderSetup } from '../helpers/render.js';

const pxc = (name: string) =>
  mkPXCServiceEntry({
    name,
    namespace: 'default',
    remoteClusterName: 'cluster-b',
    remoteEndpoints: [{ address: '172.28.0.3', port: 30306 }],
  });

describe('a cross-cluster name resolves in sidecar pods (real helm, real Istio charts and CRDs)', () => {
  test("istiod's mesh config turns DNS capture on, and each TCP entry carries its own address, valid against Istio's CRDs", async () => {
    const setup = renderSetup();
    const istio = { version: '1.30.3', repo: inject('istioRepoUrl') };
    const run = await renderConfig(
      { istio, packages: { base: mkIstioBase(), istiod: mkIstiod(), a: pxc('pxc-source'), b: pxc('pxc-replica') } },
      setup,
    );
    expect(run.summary.written).toBe(true);
    const manifest = (target: string) => readFileSync(join(setup.dir, 'result', target, 'manifest.yaml'), 'utf8');
    // The `istio` ConfigMap holds the mesh config the sidecars start with.
    expect(manifest('istiod')).toMatch(/proxyMetadata:\n\s+ISTIO_META_DNS_CAPTURE: "true"/);
    expect(manifest('a')).toMatch(/addresses:\n\s+- 240\.241\.0\.1\n/);
    expect(manifest('b')).toMatch(/addresses:\n\s+- 240\.241\.0\.2\n/);
    // Beside each, a DestinationRule keeps the TCP to the other cluster plain, checked against Istio's DestinationRule CRD too.
    expect(manifest('a')).toMatch(
      /kind: DestinationRule\nmetadata:\n\s+name: pxc-source\n\s+namespace: default\nspec:\n\s+host: pxc-source\.cluster-b\.global\n\s+trafficPolicy:\n\s+tls:\n\s+mode: DISABLE\n/,
    );
  });
});
