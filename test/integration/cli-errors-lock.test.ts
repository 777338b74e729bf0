import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { expectUserError, istioEnv, snapshot } from '../helpers/cli-expect.js';
import { istioRepoDir } from '../helpers/paths.js';
import { makeProject, tsConfig } from '../helpers/project.js';

const FORGED = 'f'.repeat(64);
const real = () =>
  createHash('sha256')
    .update(readFileSync(join(istioRepoDir, 'base-1.30.3.tgz')))
    .digest('hex');
const key = () => `${inject('istioRepoUrl')}/base@1.30.3`;
const archiveUrl = () => `${inject('istioRepoUrl')}/base-1.30.3.tgz`;

interface LockFile {
  lockfileVersion: number;
  charts: Record<string, { version: string; digest: string }>;
}

/** A project rendered once, so result/ and mesh.lock.json exist; then its lock's digest for base replaced. */
async function renderedThenTampered(): Promise<string> {
  const dir = makeProject({ 'mesh.config.ts': tsConfig("{ packages: { 'istio-base': mkIstioBase() } }") });
  const first = await runMesh(['render'], { cwd: dir, env: istioEnv() });
  expect(first.code, first.stderr).toBe(0);
  const lock = readLock(dir);
  expect(lock.charts[key()]).toEqual({ version: '1.30.3', digest: real(), url: archiveUrl() });
  lock.charts[key()]!.digest = FORGED;
  writeFileSync(join(dir, 'mesh.lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  return dir;
}

function readLock(dir: string): LockFile {
  return JSON.parse(readFileSync(join(dir, 'mesh.lock.json'), 'utf8')) as LockFile;
}

// Each run below has a fresh cache of its own, so the chart is pulled again and its digest checked.
describe('mesh render against mesh.lock.json', () => {
  test('--locked with a digest that differs from the lock: exit 1 naming the chart and both digests; nothing changed', async () => {
    const dir = await renderedThenTampered();
    const [lock, result] = [readFileSync(join(dir, 'mesh.lock.json')), snapshot(join(dir, 'result'))];
    const run = await runMesh(['render', '--locked'], { cwd: dir, env: istioEnv() });
    expectUserError(
      run,
      1,
      `istio-base: ${key()}: the archive of version 1.30.3 has digest ${real()}, but mesh.lock.json recorded ${FORGED}`,
      'mesh render --update',
    );
    expect(readFileSync(join(dir, 'mesh.lock.json')).equals(lock)).toBe(true);
    expect(snapshot(join(dir, 'result'))).toEqual(result);
  });

  test('CI=true refuses a digest mismatch too, without --locked', async () => {
    const dir = await renderedThenTampered();
    const run = await runMesh(['render'], { cwd: dir, env: { ...istioEnv(), CI: 'true' } });
    expectUserError(run, 1, `but mesh.lock.json recorded ${FORGED}`);
    expect(readLock(dir).charts[key()]!.digest).toBe(FORGED);
  });

  test('without --locked or CI a mismatch warns, renders, and records the new digest', async () => {
    const dir = await renderedThenTampered();
    const run = await runMesh(['render'], { cwd: dir, env: istioEnv() });
    expect(run.stderr).toMatch(new RegExp(`^warning: .*recorded ${FORGED}; recording the new digest$`, 'm'));
    expect(run.stderr).not.toMatch(/^ {4}at /m);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('updated mesh.lock.json');
    expect(readLock(dir).charts[key()]).toEqual({ version: '1.30.3', digest: real(), url: archiveUrl() });
  });

  test('--locked with a chart the lock does not have: exit 1, names the chart and says how to record it', async () => {
    const dir = makeProject({
      'mesh.config.ts': tsConfig("{ packages: { 'istio-base': mkIstioBase() } }"),
      'mesh.lock.json': `${JSON.stringify({ lockfileVersion: 1, charts: {} })}\n`,
    });
    const run = await runMesh(['render', '--locked'], { cwd: dir, env: istioEnv() });
    expectUserError(run, 1, `istio-base: mesh.lock.json has no entry for ${key()}`, 'without --locked');
    expect(readLock(dir).charts).toEqual({});
  });

  test('--locked with no lock file at all: exit 1, and no lock file is written', async () => {
    const dir = makeProject({ 'mesh.config.ts': tsConfig("{ packages: { 'istio-base': mkIstioBase() } }") });
    const run = await runMesh(['render', '--locked'], { cwd: dir, env: istioEnv() });
    expectUserError(run, 1, `mesh.lock.json has no entry for ${key()}`);
    expect(() => readLock(dir)).toThrow();
  });

  test('--locked with a lock that matches: exit 0, the lock left as it was', async () => {
    const dir = makeProject({ 'mesh.config.ts': tsConfig("{ packages: { 'istio-base': mkIstioBase() } }") });
    expect((await runMesh(['render'], { cwd: dir, env: istioEnv() })).code).toBe(0);
    const lock = readFileSync(join(dir, 'mesh.lock.json'));
    const run = await runMesh(['render', '--locked'], { cwd: dir, env: istioEnv() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'mesh.lock.json')).equals(lock)).toBe(true);
  });

  test('a lock file that is not JSON: exit 2, names mesh.lock.json and says how to recover', async () => {
    const dir = makeProject({
      'mesh.config.ts': tsConfig("{ packages: { 'istio-base': mkIstioBase() } }"),
      'mesh.lock.json': '{ "lockfileVersion": 1, <<<<<<< HEAD\n',
    });
    expectUserError(
      await runMesh(['render'], { cwd: dir, env: istioEnv() }),
      2,
      'mesh.lock.json: cannot be read',
      'delete it to resolve every chart again',
    );
  });
});
