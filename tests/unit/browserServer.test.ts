import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend';
import { startBrowserServer, type BrowserServer } from '../../electron/server/browserServer';
import { resolveStaticPath } from '../../electron/server/staticFiles';

/** Raw request so Host and Origin can be forged (fetch will not let us). */
function request(port: number, opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

describe('browser-mode server', () => {
  let dir: string;
  let server: BrowserServer;
  let host: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'hf-server-'));
    const rendererDir = path.join(dir, 'renderer');
    await fs.mkdir(rendererDir);
    await fs.writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>ok</title>');
    await fs.writeFile(path.join(dir, 'secret.txt'), 'secret');
    const backend = await Backend.start({ dataDir: path.join(dir, 'data'), version: 'test', mode: 'browser' });
    server = await startBrowserServer({ backend, rendererDir });
    host = `127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const api = (headers: Record<string, string>, channel = 'app.getState', body = '{}') =>
    request(server.port, { path: `/api/${channel}`, method: 'POST', headers: { 'Content-Type': 'application/json', Host: host, ...headers }, body });

  it('binds to 127.0.0.1 with a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('answers API calls only with the token', async () => {
    expect((await api({})).status).toBe(401);
    expect((await api({ 'X-Holdfast-Token': 'x'.repeat(32) })).status).toBe(401);
    const ok = await api({ 'X-Holdfast-Token': server.token });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, data: { mode: 'browser' } });
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await api({ 'X-Holdfast-Token': server.token, Host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await api({ 'X-Holdfast-Token': server.token, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await api({ 'X-Holdfast-Token': server.token, Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('validates the payload and the channel', async () => {
    const bad = await api({ 'X-Holdfast-Token': server.token }, 'app.setLanguage', '{"language":"fr"}');
    expect(bad.status).toBe(400);
    const unknown = await api({ 'X-Holdfast-Token': server.token }, '__proto__');
    expect(unknown.status).toBe(400);
    const notJson = await api({ 'X-Holdfast-Token': server.token }, 'app.getState', '{oops');
    expect(notJson.status).toBe(400);
  });

  it('serves the app only after the launch URL set the cookie, with the CSP', async () => {
    expect((await request(server.port, { path: '/', headers: { Host: host } })).status).toBe(403);
    const launch = await request(server.port, { path: `/?token=${server.token}`, headers: { Host: host } });
    expect(launch.status).toBe(302);
    expect(launch.headers.location).toBe(`/#token=${server.token}`);
    const cookie = String(launch.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    expect(launch.headers['set-cookie']?.[0]).toContain('HttpOnly');
    const page = await request(server.port, { path: '/', headers: { Host: host, Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-eval');
    const wrongLaunch = await request(server.port, { path: '/?token=wrong', headers: { Host: host } });
    expect(wrongLaunch.status).toBe(403);
  });

  it('never serves files outside the renderer folder', async () => {
    expect(resolveStaticPath('/app/renderer', '/../secret.txt')).toBeNull();
    expect(resolveStaticPath('/app/renderer', '/assets/a.js')).toBe(path.resolve('/app/renderer/assets/a.js'));
    expect(resolveStaticPath('/app/renderer', '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveStaticPath('/app/renderer', '/a/%00')).toBeNull();
    const launch = await request(server.port, { path: `/?token=${server.token}`, headers: { Host: host } });
    const cookie = String(launch.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
    const escaped = await request(server.port, { path: '/%2e%2e/secret.txt', headers: { Host: host, Cookie: cookie } });
    expect(escaped.status).toBe(404);
  });
});
