import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, test } from 'vitest';
import type { Faults } from '../fakes/install.js';
import { callPids, isAlive, said, until } from '../helpers/lifecycle.js';
import { cleanUp, expectConverged, sharedCache, up, world } from '../helpers/fault-suite.js';

const leftovers: number[] = [];
afterAll(() => {
  for (const pid of leftovers.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  cleanUp();
});

const SLOW_MS = 30_000;
const FIRST_PORT = 18960;

interface Stage {
  stage: string;
  /** Makes this stage's call hang; the interrupt comes once the call has started. */
  slow: Faults['slow'];
  /** A part of the hanging call's arguments. */
  call: string;
  /** Renders with a helm that hangs, in a cache of its own (others share one, already warm). */
  helm?: boolean;
}

const STAGES: Stage[] = [
  { stage: 'checks: docker info', slow: [{ tool: 'docker', match: 'info --format', ms: SLOW_MS }], call: 'info --format' },
  { stage: 'render: helm template', slow: [], call: '', helm: true },
  { stage: 'create: k3d cluster create', slow: [{ tool: 'k3d', match: 'cluster create', ms: SLOW_MS }], call: 'cluster create' },
  { stage: 'create: k3d kubeconfig merge', slow: [{ tool: 'k3d', match: 'kubeconfig merge', ms: SLOW_MS }], call: 'kubeconfig merge' },
  { stage: 'deploy: kubectl apply', slow: [{ tool: 'kubectl', match: 'k3d-mesh --force', ms: SLOW_MS }], call: 'k3d-mesh --force' },
  {
    stage: 'deploy: waiting for CRDs',
    slow: [{ tool: 'kubectl', match: 'wait --for=condition=Established', ms: SLOW_MS }],
    call: 'condition=Established',
  },
  { stage: 'deploy: waiting for a rollout', slow: [{ tool: 'kubectl', match: 'rollout status', ms: SLOW_MS }], call: 'rollout status' },
  {
    stage: "deploy: reading cluster-b's node addresses",
    slow: [{ tool: 'docker', match: 'mesh-net --format', ms: SLOW_MS }],
    call: 'mesh-net --format',
  },
  { stage: 'verify: a probe pod connecting', slow: [{ tool: 'kubectl', match: ' exec ', ms: SLOW_MS }], call: ' exec ' },
];

/**
 * Ctrl-C at each stage of a two-cluster `mesh up`: mesh exits 130 within two
 * seconds, no tool it started is left running, and the next `mesh up` converges.
 */
describe('SIGINT at every stage of a two-cluster mesh up, then a re-run (fake k3d, kubectl and docker)', () => {
  const cache = sharedCache();
  describe.concurrent.each(STAGES.map((s, i) => [s.stage, s, FIRST_PORT + 2 * i] as const))('%s', (_name, stage, port) => {
    test('exit 130 within 2 s, nothing left running, and the re-run converges', async () => {
      const { tools, cwd } = world(port);
      const own = stage.helm ? sharedCache() : cache;
      const helm = stage.helm ? hangingHelm(cwd) : undefined;
      tools.setFaults({ slow: stage.slow ?? [] });
      let meshPid = 0;
      const running = up(tools, cwd, own, [], { ...(helm ? { env: { MESH_HELM: helm.path } } : {}), onSpawn: (pid) => (meshPid = pid) });
      const hanging = () =>
        helm ? helm.pids() : tools.calls().filter((c) => c.argv.join(' ').includes(stage.call)).length > 0 ? callPids(tools) : [];
      expect(await until(() => hanging().length > 0, 60_000), `the ${stage.stage} call never started`).toBe(true);
      const before = helm ? helm.pids() : callPids(tools);
      leftovers.push(...before);
      expect(before.some(isAlive), 'the hanging call already ended').toBe(true);

      const sent = Date.now();
      process.kill(meshPid, 'SIGINT');
      const run = await running;
      const tookMs = Date.now() - sent;
      expect(run.code, said(run)).toBe(130);
      expect(tookMs).toBeLessThan(2_000);
      expect(run.stderr).toMatch(/^mesh: interrupted by SIGINT$/m);
      expect(run.stderr).not.toMatch(/^ {4}at /m);
      const started = helm ? helm.pids() : callPids(tools);
      leftovers.push(...started);
      // A left-over process would live on; one the kill reached only needs a moment, longer on a loaded machine.
      expect(await until(() => !started.some(isAlive), 5_000), `still running: ${started.filter(isAlive).join(', ')}`).toBe(true);

      tools.setFaults({});
      helm?.release();
      const again = await up(tools, cwd, own, [], helm ? { env: { MESH_HELM: helm.path } } : {});
      await expectConverged(tools, again);
    });
  });
});

/** A helm that, while `<dir>/hang` exists, records its pid and a child's and waits on the child; then it is the real helm. */
function hangingHelm(dir: string) {
  const path = join(dir, 'hanging-helm');
  const real = inject('helmPath');
  writeFileSync(
    path,
    `#!/bin/sh
if [ "$1" = template ] && [ -e '${dir}/hang' ]; then
  echo $$ >> '${dir}/helm.pids'
  sleep 30 &
  echo $! >> '${dir}/helm.pids'
  wait $!
  exit 1
fi
exec '${real}' "$@"
`,
  );
  chmodSync(path, 0o755);
  writeFileSync(join(dir, 'hang'), '');
  const pidFile = join(dir, 'helm.pids');
  return {
    path,
    pids: () => (existsSync(pidFile) ? readFileSync(pidFile, 'utf8').split('\n').filter(Boolean).map(Number) : []),
    release: () => rmSync(join(dir, 'hang'), { force: true }),
  };
}
