import { createConnection, createServer } from 'node:net';
import type { DoctorCheck } from './check.js';

export type PortState = 'free' | 'taken' | 'unknown';

/**
 * Whether a host port is free for docker to publish: first by binding it as
 * docker would (all interfaces), then, where binding needs privileges mesh
 * lacks (ports below 1024 without root), by connecting to it.
 */
export async function probePort(port: number): Promise<PortState> {
  const bound = await tryBind(port);
  if (bound !== 'unknown') return bound;
  return (await tryConnect(port)) ? 'taken' : 'unknown';
}

/** The check that a cluster's (or the registry's) host port is free, with how to free it. */
export async function portCheck(
  owner: string,
  port: number,
  elsewhere = "map other host ports in the cluster's `ports`",
): Promise<DoctorCheck> {
  const state = await probePort(port);
  return {
    name: `host port ${port} free (${owner})`,
    ok: state !== 'taken',
    blocking: true,
    detail:
      state === 'taken' ? `port ${port} is in use` : state === 'free' ? 'free' : 'could not bind without privileges; nothing answers on it',
    fix: `stop what listens on ${port} (\`sudo lsof -i :${port}\`), or ${elsewhere}`,
  };
}

function tryBind(port: number): Promise<PortState> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE' ? 'taken' : 'unknown'));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve('free')));
  });
}

function tryConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
