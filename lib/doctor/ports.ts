import { createConnection, createServer } from 'node:net';

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
