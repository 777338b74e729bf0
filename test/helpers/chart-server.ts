import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

export interface StaticServer {
  /** `http://127.0.0.1:PORT`, without a trailing slash, as a chart repo URL is written. */
  url: string;
  port: number;
  /** `GET /index.yaml`, … in arrival order, when started with `{ log: true }`. */
  requests: string[];
  close(): Promise<void>;
}

/** Serves the files of `root` read-only on 127.0.0.1, on a free port, like a chart repository's web server. */
export async function startStaticServer(root: string, options: { log?: boolean } = {}): Promise<StaticServer> {
  const base = resolve(root);
  const requests: string[] = [];
  const server = createServer((request, response) => {
    if (options.log) requests.push(`${request.method} ${request.url}`);
    serve(base, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => done());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => (error ? fail(error) : done()));
      }),
  };
}

const TYPES: Record<string, string> = {
  '.yaml': 'application/yaml',
  '.tgz': 'application/gzip',
  '.json': 'application/json',
};

async function serve(base: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405).end();
    return;
  }
  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  const file = join(base, path);
  // Nothing outside the served folder, whatever `..` the path holds.
  const info = file.startsWith(base + sep) ? await stat(file).catch(() => undefined) : undefined;
  if (!info?.isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end(`${path} not found\n`);
    return;
  }
  response.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': info.size,
  });
  if (request.method === 'HEAD') response.end();
  else createReadStream(file).pipe(response);
}
