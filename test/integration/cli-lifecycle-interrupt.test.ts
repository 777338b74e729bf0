import { afterEach, describe, expect, test } from 'vitest';
import type { Faults } from '../fakes/install.js';
import {
  callPids,
  cleanUpLifecycle,
  cluster,
  commandLines,
  fakeClusters,
  fakes,
  ISTIO_PACKAGES,
  isAlive,
  lifecycleProject,
  mesh,
  said,
  until,
} from '../helpers/lifecycle.js';

cleanUpLifecycle();

const PORT = 18485;
const SLOW_MS = 5_000;

const leftovers: number[] = [];
afterEach(() => {
  // Only fake tools this file started, by pid, if a failing test left them running.
  for (const pid of leftovers.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

/** Starts `mesh up` with every fake call slow, sends `signal` once the first call has started, and reports what happened. */
async function interruptUp(
  signal: 'SIGINT' | 'SIGTERM',
  options: { slow?: Faults['delayMs']; args?: string[]; after?: (calls: string[]) => boolean } = {},
) {
  const tools = fakes();
  tools.setFaults({ delayMs: options.slow ?? SLOW_MS });
  const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(PORT)} }, packages: ${ISTIO_PACKAGES} }`);
  let meshPid = 0;
  const running = mesh(tools, cwd, ['up', ...(options.args ?? [])], { onSpawn: (pid) => (meshPid = pid) });
  const after = options.after ?? ((calls) => calls.length > 0);
  const called = await until(() => after(commandLines(tools)), 30_000);
  expect(called, 'no fake tool was ever called').toBe(true);
  const pids = callPids(tools);
  leftovers.push(...pids);
  expect(pids.some(isAlive), 'the slow fake call already ended').toBe(true);
  const sent = Date.now();
  process.kill(meshPid, signal);
  const run = await running;
  const tookMs = Date.now() - sent;
  // Every fake started so far (the log may have grown while mesh stopped).
  const all = callPids(tools);
  leftovers.push(...all);
  const gone = await until(() => !all.some(isAlive), 1_000);
  return { run, tookMs, gone, all, tools };
}

describe('interrupting mesh up while fake k3d, kubectl and docker calls are slow (5 s each)', () => {
  test('SIGINT: exit 130 within a few seconds, no fake process left running, no cluster made', async () => {
    const { run, tookMs, gone, all, tools } = await interruptUp('SIGINT');
    expect(run.code, said(run)).toBe(130);
    expect(run.stderr).toMatch(/^mesh: interrupted by SIGINT$/m);
    expect(run.stderr).not.toMatch(/^ {4}at /m);
    expect(tookMs).toBeLessThan(SLOW_MS);
    expect(gone, `still running: ${all.filter(isAlive).join(', ')}`).toBe(true);
    expect(fakeClusters(tools)).toEqual([]);
  });

  test('SIGTERM: exit 143, and the same clean stop', async () => {
    const { run, tookMs, gone, all } = await interruptUp('SIGTERM');
    expect(run.code, said(run)).toBe(143);
    expect(run.stderr).toMatch(/^mesh: interrupted by SIGTERM$/m);
    expect(tookMs).toBeLessThan(SLOW_MS);
    expect(gone, `still running: ${all.filter(isAlive).join(', ')}`).toBe(true);
  });

  test('SIGINT during the first kubectl apply (only kubectl slow, --no-checks): exit 130, the apply is stopped, the cluster stays', async () => {
    const { run, tookMs, gone, all, tools } = await interruptUp('SIGINT', {
      slow: { kubectl: SLOW_MS },
      args: ['--no-checks'],
      after: (calls) => calls.some((c) => c.startsWith('kubectl --context k3d-dev apply')),
    });
    expect(run.code, said(run)).toBe(130);
    expect(tookMs).toBeLessThan(SLOW_MS);
    expect(gone, `still running: ${all.filter(isAlive).join(', ')}`).toBe(true);
    // The apply never finished: no result was logged for it.
    const apply = tools.calls().find((c) => c.tool === 'kubectl' && c.argv.includes('apply'))!;
    expect(tools.results().map((r) => r.seq)).not.toContain(apply.seq);
    expect(fakeClusters(tools)).toEqual([{ name: 'dev', agents: 0, running: true }]);
  });
});
