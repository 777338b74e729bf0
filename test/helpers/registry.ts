import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecked } from '../../lib/process/runner.js';
import { realRunner } from '../../lib/process/real-runner.js';
import { searchPath } from '../../lib/process/find-binary.js';

export interface Registry {
  /** `127.0.0.1:PORT`, as it goes after `oci://`. */
  host: string;
  close(): Promise<void>;
}

/**
 * A real OCI registry (Debian's docker-registry, the CNCF distribution) on
 * 127.0.0.1, holding the given chart archives pushed by the real helm under
 * `oci://<host>/charts/<name>`.
 */
/** Debian's docker-registry, where the tests look for it. */
export function registryInstalled(): boolean {
  return searchPath('docker-registry', { PATH: `${process.env.PATH ?? ''}:/usr/bin:/usr/local/bin` }) !== undefined;
}

/** Appended to the names of tests that need the registry, when it is not there. */
export const OCI_SKIP = ' (skipped: docker-registry is not installed; apt-get install docker-registry)';

export async function startRegistry(options: { helmPath: string; charts: readonly string[] }): Promise<Registry> {
  const binary = searchPath('docker-registry', { PATH: `${process.env.PATH ?? ''}:/usr/bin:/usr/local/bin` });
  if (binary === undefined) throw new Error('docker-registry is not installed: apt-get install docker-registry');
  const dir = await mkdtemp(join(tmpdir(), 'mesh-registry-'));
  let child: ChildProcess | undefined;
  try {
    const started = await startOnFreePort(binary, dir);
    child = started.child;
    const host = started.host;
    const runner = realRunner();
    for (const chart of options.charts) {
      const command = { tool: 'helm' as const, bin: options.helmPath, args: ['push', chart, `oci://${host}/charts`, '--plain-http'] };
      await runChecked(runner, command);
    }
    const running = child;
    return { host, close: () => stop(running, dir) };
  } catch (error) {
    await stop(child, dir);
    throw error;
  }
}

/** Picking a free port and binding it are two steps, so another process may win the port; then try again. */
async function startOnFreePort(binary: string, dir: string): Promise<{ child: ChildProcess; host: string }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const host = `127.0.0.1:${await freePort()}`;
    const config = join(dir, `config-${attempt}.yml`);
    await writeFile(config, registryConfig(host, join(dir, 'storage')));
    const child = spawn(binary, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      await waitUntilServing(host, child, () => stderr);
      return { child, host };
    } catch (error) {
      lastError = error;
      await stop(child, undefined);
    }
  }
  throw lastError;
}

function registryConfig(host: string, storage: string): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${storage}`,
    'http:',
    `  addr: ${host}`,
    '',
  ].join('\n');
}

async function waitUntilServing(host: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`docker-registry exited (${child.exitCode ?? child.signalCode}) before serving on ${host}: ${stderr().trim()}`);
    }
    const ok = await fetch(`http://${host}/v2/`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((wake) => setTimeout(wake, 100));
  }
  throw new Error(`docker-registry did not answer GET http://${host}/v2/ within 20s: ${stderr().trim()}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

async function stop(child: ChildProcess | undefined, dir: string | undefined): Promise<void> {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    await exited;
  }
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}
