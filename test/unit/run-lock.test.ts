import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { acquireRunLock } from '../../lib/process/run-lock.js';
import { failure } from '../helpers/errors.js';

function setup() {
  const cacheDir = mkdtempSync(join(tmpdir(), 'mesh-run-lock-'));
  const warnings: string[] = [];
  const take = (command = 'mesh up') => acquireRunLock({ cacheDir, project: '/work/shop', command, warn: (m) => warnings.push(m) });
  const lockFile = () =>
    join(
      cacheDir,
      'runs',
      readdirSync(join(cacheDir, 'runs')).find((f) => f.endsWith('.lock'))!,
    );
  return { cacheDir, warnings, take, lockFile };
}

describe('the project run lock', () => {
  test('held while running: a second take is refused naming the first command; released, it can be taken again', async () => {
    const { take, lockFile, warnings } = setup();
    const lock = take('mesh up --cluster a');
    const error = await failure(Promise.resolve().then(() => take('mesh down')));
    expect(error.message).toMatch(
      new RegExp(`^another mesh run is changing this project: \`mesh up --cluster a\` \\(pid ${process.pid}, started \\d`),
    );
    expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toMatchObject({
      pid: process.pid,
      command: 'mesh up --cluster a',
      project: '/work/shop',
    });
    lock.release();
    take('mesh down').release();
    expect(warnings).toEqual([]);
  });

  test('a pid the kernel gave to another process since (its start time differs) does not hold the lock', () => {
    const { take, lockFile, warnings } = setup();
    const lock = take();
    const path = lockFile();
    const mine = JSON.parse(readFileSync(path, 'utf8')) as { start: string | null };
    lock.release();
    // Only where /proc tells start times apart; elsewhere a live pid holds.
    if (mine.start === null) return;
    writeFileSync(
      path,
      JSON.stringify({ pid: process.pid, start: '1', host: hostname(), command: 'mesh render', project: '/work/shop', since: 0 }),
    );
    take().release();
    expect(warnings).toEqual([`cleared the lock of an earlier \`mesh render\` (pid ${process.pid}) that ended without releasing it`]);
  });

  test("another machine's lock (a shared home folder) holds, and says where", async () => {
    const { take, lockFile } = setup();
    take().release();
    take();
    const path = lockFile();
    writeFileSync(
      path,
      JSON.stringify({ pid: 4242, start: null, host: 'build-7', command: 'mesh up', project: '/work/shop', since: Date.now() }),
    );
    const error = await failure(Promise.resolve().then(() => take()));
    expect(error.message).toContain('(pid 4242 on build-7, started');
  });

  test('a damaged lock file is cleared without a word about a run', () => {
    const { take, lockFile, warnings } = setup();
    take();
    writeFileSync(lockFile(), '{"pid":');
    take().release();
    expect(warnings).toEqual([]);
  });
});
