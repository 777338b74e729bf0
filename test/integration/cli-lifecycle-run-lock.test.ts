import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import {
  callPids,
  cleanUpLifecycle,
  cluster,
  commandLines,
  fakes,
  ISTIO_PACKAGES,
  isAlive,
  lifecycleProject,
  mesh,
  said,
  until,
} from '../helpers/lifecycle.js';

cleanUpLifecycle();

const PORT = 18487;
const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

describe('one changing run per project (fake k3d, kubectl and docker)', () => {
  test('a second up, render or down while up runs is refused naming the first; a lock left by a killed run is cleared by the next', async () => {
    const tools = fakes();
    tools.setFaults({ delayMs: { k3d: 20_000 } });
    const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(PORT)} }, packages: ${ISTIO_PACKAGES} }`);
    let firstPid = 0;
    const first = mesh(tools, cwd, ['up', '--no-checks'], { onSpawn: (pid) => (firstPid = pid) });
    const started = await until(() => commandLines(tools).some((c) => c.startsWith('k3d ')), 30_000);
    expect(started, 'the first mesh up never called k3d').toBe(true);
    leftovers.push(firstPid, ...callPids(tools));

    for (const args of [['up'], ['render'], ['down', '--cluster', 'dev']]) {
      const second = await mesh(tools, cwd, args);
      expect(second.code, said(second)).toBe(1);
      expect(second.stderr).toContain(`another mesh run is changing this project: \`mesh up\` (pid ${firstPid}, started`);
      expect(second.stderr).toMatch(/hint: wait for it to finish, or stop it .*`kill \d+`/);
      expect(second.stderr).not.toMatch(/^ {4}at /m);
    }
    // Reading commands and dry runs do not wait for the lock.
    const list = await mesh(tools, cwd, ['list']);
    expect(list.code, said(list)).toBe(0);

    // Killed without a chance to clean up: its lock stays behind, naming a pid that no longer runs.
    process.kill(firstPid, 'SIGKILL');
    await first;
    for (const pid of callPids(tools)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    expect(readdirSync(join(cwd, '.mesh-cache', 'runs')).filter((f) => f.endsWith('.lock'))).toHaveLength(1);

    tools.setFaults({});
    const next = await mesh(tools, cwd, ['up', '--no-checks']);
    expect(next.code, said(next)).toBe(0);
    expect(next.stderr).toContain(`cleared the lock of an earlier \`mesh up\` (pid ${firstPid})`);
    // Released at the end: nothing left for the run after it to clear.
    expect(readdirSync(join(cwd, '.mesh-cache', 'runs'))).toEqual([]);
    const down = await mesh(tools, cwd, ['down']);
    expect(down.code, said(down)).toBe(0);
    expect(down.stderr).not.toContain('cleared the lock');
    expect(existsSync(join(cwd, '.mesh-cache', 'runs'))).toBe(true);
  });
});
