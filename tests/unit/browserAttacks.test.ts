/**
 * Browser mode under attack: each hostile request is refused with the right
 * status, memory stays bounded, and the server keeps serving afterwards.
 */
import fs from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browserServer';

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A raw request, so Host, Origin and the path are sent exactly as written. */
function request(port: number, opts: { path: string; method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

/** Writes the request line and headers by hand (paths with backslashes or raw `..` that http.request would not send as is). */
function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (c: Buffer) => (out += c.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

/** A step that must end within 10 s, named in the failure if it does not. */
function step<T>(label: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${label}: no answer within 10 s`)), 10_000)))]).finally(() => clearTimeout(timer));
}

const statusOf = (raw: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);

describe('browser-mode attacks', () => {
  let dir: string;
  let server: BrowserServer;
  let host: string;
  let cookie: string;
  let attacks = 0;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-attack-'));
    const rendererDir = path.join(dir, 'renderer');
    await fs.mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>ok</title>');
    await fs.writeFile(path.join(rendererDir, 'assets', 'a.js'), 'export {};');
    await fs.writeFile(path.join(dir, 'secret.txt'), 'TOP-SECRET');
    const backend = await Backend.start({ dataDir: path.join(dir, 'data'), version: 'test', mode: 'browser' });
    server = await startBrowserServer({ backend, rendererDir });
    host = `127.0.0.1:${server.port}`;
    const launch = await request(server.port, { path: `/?token=${server.token}`, headers: { Host: host } });
    cookie = String(launch.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
    console.log(`ATTACKS ${JSON.stringify({ refused: attacks })}`);
  });

  const api = (headers: Record<string, string>, channel = 'app.getState', body: string | Buffer = '{}', p = `/api/${channel}`) =>
    request(server.port, { path: p, method: 'POST', headers: { 'Content-Type': 'application/json', Host: host, ...headers }, body });
  const refused = (a: Answer, status: number): void => {
    attacks++;
    expect(a.status).toBe(status);
    expect(a.body).not.toContain('TOP-SECRET');
  };
  const stillServes = async (): Promise<void> => {
    const ok = await api({ 'X-Holdfast-Token': server.token });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true });
  };

  it('missing, wrong, query-string and cookie-only credentials do not open the API', async () => {
    refused(await api({}), 401);
    refused(await api({ 'X-Holdfast-Token': 'x'.repeat(32) }), 401);
    refused(await api({ 'X-Holdfast-Token': server.token.slice(0, -1) }), 401);
    refused(await api({}, 'app.getState', '{}', `/api/app.getState?token=${server.token}`), 401);
    // The page cookie alone, and the page cookie's value used as the API header: neither is the API token.
    refused(await api({ Cookie: cookie }), 401);
    const cookieValue = cookie.split('=').slice(1).join('=');
    expect(cookieValue.length).toBeGreaterThan(20);
    expect(cookieValue).not.toBe(server.token);
    refused(await api({ 'X-Holdfast-Token': cookieValue }), 401);
    // The cookie is scoped by port, so another launch on another port never sees a value it accepts.
    expect(cookie.startsWith(`holdfast_page_${server.port}=`)).toBe(true);
    await stillServes();
  });

  it('foreign Host (DNS rebinding) and foreign Origin, with and without the cookie', async () => {
    refused(await api({ 'X-Holdfast-Token': server.token, Host: `evil.example:${server.port}` }), 403);
    refused(await api({ 'X-Holdfast-Token': server.token, Host: `127.0.0.1.evil.example:${server.port}` }), 403);
    refused(await api({ 'X-Holdfast-Token': server.token, Host: '127.0.0.1' }), 403);
    refused(await request(server.port, { path: '/', headers: { Host: `rebind.example:${server.port}`, Cookie: cookie } }), 403);
    refused(await api({ 'X-Holdfast-Token': server.token, Origin: 'http://evil.example' }), 403);
    refused(await api({ 'X-Holdfast-Token': server.token, Origin: 'null' }), 403);
    refused(await api({ 'X-Holdfast-Token': server.token, Origin: `http://127.0.0.1:${server.port + 1}` }), 403);
    refused(await api({ Cookie: cookie, Origin: 'http://evil.example' }), 403);
    refused(await api({ Cookie: cookie, Origin: `http://localhost:${server.port + 1}` }), 403);
    refused(await request(server.port, { path: '/', headers: { Host: host, Cookie: cookie, Origin: 'http://evil.example' } }), 403);
    await stillServes();
  });

  it('path traversal on static files: encoded, backslash, double-encoded, NUL', async () => {
    const variants = [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%252e%252e/secret.txt',
      '/%252e%252e%252fsecret.txt',
      '/..%5csecret.txt',
      '/assets/%5c..%5c..%5csecret.txt',
      '/..\\secret.txt',
      '/assets\\..\\..\\secret.txt',
      '/%00',
      '/index.html%00.js',
      '/C:%5cWindows%5cwin.ini',
      '//etc/passwd',
      '/%2f%2fetc%2fpasswd',
    ];
    for (const v of variants) {
      const raw = await rawRequest(server.port, `GET ${v} HTTP/1.1\r\nHost: ${host}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`);
      attacks++;
      expect(raw, v).not.toContain('TOP-SECRET');
      expect(raw, v).not.toContain('root:');
      expect([400, 404], v).toContain(statusOf(raw));
    }
    // A bad % escape: 404 for a page, 400 (not 500) on the API.
    refused(await request(server.port, { path: '/%E0%A4%A', headers: { Host: host, Cookie: cookie } }), 404);
    refused(await api({ 'X-Holdfast-Token': server.token }, 'x', '{}', '/api/%E0%A4%A'), 400);
    refused(await api({ 'X-Holdfast-Token': server.token }, 'x', '{}', '/api/%'), 400);
    const ok = await request(server.port, { path: '/assets/a.js', headers: { Host: host, Cookie: cookie } });
    expect(ok.status).toBe(200);
  });

  it('malformed JSON, unknown channels, schema-failing payloads, wrong method and type', async () => {
    const t = { 'X-Holdfast-Token': server.token };
    refused(await api(t, 'app.getState', '{oops'), 400);
    refused(await api(t, 'app.getState', Buffer.from([0xff, 0xfe, 0x7b, 0x7d])), 400);
    refused(await api(t, 'no.such.channel'), 400);
    refused(await api(t, '__proto__'), 400);
    refused(await api(t, 'constructor'), 400);
    refused(await api(t, 'app.setLanguage', '{"language":"fr"}'), 400);
    refused(await api(t, 'app.setLanguage', '[]'), 400);
    refused(await api(t, 'app.setLanguage', '{"language":"en","__proto__":{"polluted":1}}'), 400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    refused(await request(server.port, { path: '/api/app.getState', method: 'GET', headers: { Host: host, ...t } }), 405);
    refused(await request(server.port, { path: '/api/app.getState', method: 'POST', headers: { Host: host, ...t, 'Content-Type': 'text/plain' }, body: '{}' }), 415);
    await stillServes();
  });

  it('bodies over the cap are refused while they stream, memory bounded; one upload at a time', async () => {
    // Declared too large: refused before a byte is read.
    const declared = await step('declared', rawRequest(
      server.port,
      `POST /api/app.getState HTTP/1.1\r\nHost: ${host}\r\nX-Holdfast-Token: ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 999999999999\r\n\r\n{}`,
    ));
    attacks++;
    expect(statusOf(declared)).toBe(413);
    // Streamed (chunked, no length): 12 MB sent at a 2 MB cap; the server keeps nothing past the cap, answers 413 and closes.
    const before = process.memoryUsage();
    const streamed = await step('streamed', new Promise<number>((resolve) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, path: '/api/app.getState', method: 'POST', agent: false, headers: { Host: host, 'X-Holdfast-Token': server.token, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', () => undefined);
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < 12 && !req.destroyed) {
          sent++;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    }));
    attacks++;
    expect(streamed).toBe(413);
    const after = process.memoryUsage();
    expect(after.arrayBuffers + after.heapUsed - (before.arrayBuffers + before.heapUsed)).toBeLessThan(40 * 1024 * 1024);

    // An upload held open: a second one in parallel is refused with 429, and accepted once the first is done.
    const first = http.request({ host: '127.0.0.1', port: server.port, path: '/api/import.start', method: 'POST', agent: false, headers: { Host: host, 'X-Holdfast-Token': server.token, 'Content-Type': 'application/json', 'Content-Length': '20' } });
    const firstDone = new Promise<number>((resolve) => {
      first.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      first.on('error', () => resolve(0));
    });
    first.write('{"files":');
    await new Promise((r) => setTimeout(r, 100));
    refused(await step('second upload', api({ 'X-Holdfast-Token': server.token }, 'import.start', '{"files":[]}')), 429);
    refused(await step('third upload', api({ 'X-Holdfast-Token': server.token }, 'workspace.import', '{}')), 429);
    first.end('[]}        '); // 9 + 11 = the 20 bytes declared
    const fd = await step('first upload', firstDone);
    expect([200, 400]).toContain(fd);
    const third = await step('upload after', api({ 'X-Holdfast-Token': server.token }, 'import.start', '{"files":[]}'));
    expect(third.status).not.toBe(429);
    await stillServes();
  });

  it('a few hundred idle connections do not stop it serving', async () => {
    const sockets: net.Socket[] = [];
    for (let i = 0; i < 300; i++) {
      sockets.push(
        await new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect(server.port, '127.0.0.1', () => resolve(s));
          s.on('error', reject);
        }),
      );
    }
    // Half of them send a partial request and stall (slowloris).
    sockets.slice(0, 150).forEach((s) => s.write(`POST /api/app.getState HTTP/1.1\r\nHost: ${host}\r\n`));
    attacks++;
    const t0 = Date.now();
    await stillServes();
    expect(Date.now() - t0).toBeLessThan(2000);
    const page = await request(server.port, { path: '/', headers: { Host: host, Cookie: cookie } });
    expect(page.status).toBe(200);
    for (const s of sockets) s.destroy();
  });
});
