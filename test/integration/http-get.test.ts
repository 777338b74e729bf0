import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { httpGet } from '../../lib/render/charts/http-get.js';

let base: string;
const server = createServer((request, response) => {
  const gzip = /gzip/.test(String(request.headers['accept-encoding']));
  if (request.url === '/moved') return void response.writeHead(302, { location: '/index.yaml' }).end();
  if (request.url === '/away') return void response.writeHead(301, { location: `${base}/moved` }).end();
  if (request.url === '/loop') return void response.writeHead(302, { location: '/loop' }).end();
  if (request.url === '/index.yaml') {
    const body = Buffer.from('apiVersion: v1\nentries: {}\n');
    if (gzip) return void response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(body));
    return void response.writeHead(200).end(body);
  }
  response.writeHead(404).end('not here');
});
beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const get = (path: string, gzip = true) =>
  httpGet(new URL(path, base), { signal: AbortSignal.timeout(5000), gzip, userAgent: 'k3d-mesh' }).then((b) => b?.toString('utf8'));

describe('GET with node:http, as chart repositories are read (a server on 127.0.0.1)', () => {
  test('a gzipped answer is unpacked; identity asks for the bytes as stored', async () => {
    expect(await get('/index.yaml')).toBe('apiVersion: v1\nentries: {}\n');
    expect(await get('/index.yaml', false)).toBe('apiVersion: v1\nentries: {}\n');
  });

  test('redirects are followed, relative and absolute; an endless one gives up', async () => {
    expect(await get('/away')).toBe('apiVersion: v1\nentries: {}\n');
    expect(await get('/loop')).toBeUndefined();
  });

  test('anything but 2xx is undefined, for helm to retry and explain', async () => {
    expect(await get('/missing')).toBeUndefined();
  });
});
