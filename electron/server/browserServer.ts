/**
 * Browser mode: the backend serves the built renderer and the API on
 * 127.0.0.1. Every request must carry the per-launch token: the launch URL
 * `/?token=…` sets an HttpOnly SameSite=Strict cookie (for static files) and
 * hands the token to the renderer in the URL fragment, which it then sends as
 * the X-Holdfast-Token header on every API call. Host and Origin are checked
 * so another site (or DNS rebinding) cannot reach the API.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BackendEndpoint } from '../backend/host/backendHost';
import { SECURITY_HEADERS } from '../security/csp';
import { mimeType, resolveStaticPath } from './staticFiles';

export const TOKEN_HEADER = 'x-holdfast-token';
const COOKIE_NAME = 'holdfast_token';
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** import.start carries the files themselves (base64) */
const MAX_UPLOAD_BYTES = 400 * 1024 * 1024;
/** channels that carry a whole file (an import, a .holdfast) */
const UPLOAD_CHANNELS = new Set(['import.start', 'workspace.import']);

export interface BrowserServerOptions {
  /** the backend worker's host, or (in tests) a Backend in this thread */
  backend: BackendEndpoint;
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface BrowserServer {
  port: number;
  token: string;
  /** the launch URL, token included */
  url: string;
  close(): Promise<void>;
}

function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store', ...extra });
  res.end(body);
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');
}

const REFUSED_PAGE = `<!doctype html><meta charset="utf-8"><title>Holdfast</title>
<p>此地址需要访问令牌：请打开 <code>npm start</code> 打印的完整网址。</p>
<p>This address needs the access token: open the full URL printed by <code>npm start</code>.</p>`;

async function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = 0;
  const allowedHosts = (): Set<string> => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = http.createServer((req, res) => {
    void (async () => {
      const host = req.headers.host ?? '';
      if (!allowedHosts().has(host)) return send(res, 403, 'Forbidden host', 'text/plain; charset=utf-8');
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins().has(origin)) return send(res, 403, 'Forbidden origin', 'text/plain; charset=utf-8');

      const url = new URL(req.url ?? '/', `http://${host}`);

      if (url.pathname.startsWith('/api/')) {
        if (!sameSecret(req.headers[TOKEN_HEADER] as string | undefined, token)) {
          return sendJson(res, 401, { ok: false, error: { code: 'bad-request', message: { zh: '缺少或错误的访问令牌', en: 'Missing or wrong access token' } } });
        }
        if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'bad-request', message: { zh: '只接受 POST', en: 'POST only' } } });
        const type = req.headers['content-type'] ?? '';
        if (!type.startsWith('application/json')) {
          return sendJson(res, 415, { ok: false, error: { code: 'bad-request', message: { zh: '请求必须是 JSON', en: 'Request must be JSON' } } });
        }
        const channel = decodeURIComponent(url.pathname.slice('/api/'.length));
        let body: string;
        try {
          body = await readBody(req, UPLOAD_CHANNELS.has(channel) ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES);
        } catch (err) {
          return sendJson(res, 400, { ok: false, error: { code: 'bad-request', message: { zh: '请求体无法解析', en: `Unreadable request body: ${(err as Error).message}` } } });
        }
        // parsed, handled and serialised on the backend's thread
        const answer = await options.backend.handleJson(channel, body);
        return send(res, answer.ok ? 200 : answer.code === 'internal' ? 500 : 400, answer.json, 'application/json; charset=utf-8');
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');

      const queryToken = url.searchParams.get('token');
      if (queryToken !== null) {
        if (!sameSecret(queryToken, token)) return send(res, 403, REFUSED_PAGE, 'text/html; charset=utf-8');
        // Trade the query token for a cookie, and keep it out of the address bar and history.
        return send(res, 302, '', 'text/plain', {
          'Set-Cookie': `${COOKIE_NAME}=${token}; HttpOnly; SameSite=Strict; Path=/`,
          Location: `/#token=${token}`,
        });
      }
      if (!sameSecret(readCookie(req.headers.cookie, COOKIE_NAME), token)) return send(res, 403, REFUSED_PAGE, 'text/html; charset=utf-8');

      const file = resolveStaticPath(options.rendererDir, url.pathname);
      if (!file) return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
      try {
        const body = await fs.readFile(file);
        return send(res, 200, body, mimeType(file));
      } catch {
        return send(res, 404, 'Not found', 'text/plain; charset=utf-8');
      }
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: { zh: '内部错误', en: String(err) } } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
