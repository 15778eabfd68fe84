/**
 * Browser mode: the backend serves the built renderer and the API on
 * 127.0.0.1. Every request must carry a per-launch secret: the launch URL
 * `/?token=…` sets an HttpOnly SameSite=Strict cookie and hands the API token
 * to the renderer in the URL fragment, which it then sends as the
 * X-Holdfast-Token header on every API call. The cookie holds a second,
 * unrelated secret that only opens the static files: browsers send cookies for
 * 127.0.0.1 to every port, so a cookie alone must never authorise an API call.
 * Host and Origin are checked so another site (or DNS rebinding) cannot reach
 * the API. Bodies are capped while they stream (413), one upload at a time (429).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BackendEndpoint } from '../backend/host/backendHost';
import { SECURITY_HEADERS } from '../security/csp';
import { mimeType, resolveStaticPath } from './staticFiles';

export const TOKEN_HEADER = 'x-holdfast-token';
/** the cookie's name carries the port, so two launches on different ports do not overwrite each other's */
const cookieName = (port: number): string => `holdfast_page_${port}`;
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

export class BodyTooLarge extends Error {}

/**
 * The body's bytes, at most `limit`: refused from Content-Length before reading, or as soon as the stream
 * passes the cap (nothing past the cap is kept). With a Content-Length the bytes are written into one buffer of
 * that size (no second copy).
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = req.headers['content-length'] === undefined ? NaN : Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLarge(`request body of ${declared} bytes is over the limit of ${limit}`));
  return new Promise((resolve, reject) => {
    const sized = Number.isFinite(declared) && declared >= 0;
    const one = sized ? new Uint8Array(new ArrayBuffer(declared)) : null;
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (err: Error): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', stop);
      reject(err);
    };
    let over: BodyTooLarge | null = null;
    let discarded = 0;
    const onData = (buf: Buffer): void => {
      if (over) {
        // Past the cap nothing is kept; up to DRAIN_BYTES more is read so the client can read the answer.
        discarded += buf.length;
        if (discarded > DRAIN_BYTES) stop(over);
        return;
      }
      if (size + buf.length > (sized ? declared : limit)) {
        over = new BodyTooLarge(sized ? 'request body longer than its Content-Length' : `request body over the limit of ${limit} bytes`);
        chunks.length = 0;
        discarded = buf.length;
        return;
      }
      if (one) one.set(buf, size);
      else chunks.push(buf);
      size += buf.length;
    };
    const onEnd = (): void => {
      req.off('data', onData);
      req.off('error', stop);
      if (over) return reject(over);
      if (one) {
        if (size !== declared) return reject(new Error('request body shorter than its Content-Length'));
        return resolve(one);
      }
      const out = new Uint8Array(new ArrayBuffer(size));
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
      resolve(out);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', stop);
  });
}

/** Past the cap, up to this much more is read and thrown away so the client sees the answer; then the connection is cut. */
const DRAIN_BYTES = 16 * 1024 * 1024;

/** Answers and closes the connection; a body still arriving is cut off (the client may then see only the close). */
function refuseAndClose(req: http.IncomingMessage, res: http.ServerResponse, status: number, value: unknown): void {
  const socket = res.socket ?? req.socket;
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
  res.end(JSON.stringify(value), () => {
    if (!req.complete) socket?.destroy();
  });
}

export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  // A separate random secret for the cookie: knowing it (another port's server sees it) opens no API call.
  const pageSecret = randomBytes(24).toString('base64url');
  let port = 0;
  let uploadsInFlight = 0;
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
        let channel: string;
        try {
          channel = decodeURIComponent(url.pathname.slice('/api/'.length));
        } catch {
          return sendJson(res, 400, { ok: false, error: { code: 'bad-request', message: { zh: '接口地址无效', en: 'Malformed API path' } } });
        }
        const upload = UPLOAD_CHANNELS.has(channel);
        if (upload && uploadsInFlight > 0) {
          // Each upload holds its whole file in memory until the backend has it: one at a time bounds that.
          return refuseAndClose(req, res, 429, { ok: false, error: { code: 'conflict', message: { zh: '另一个文件正在上传，请等它完成后再试', en: 'Another file is being uploaded; try again when it has finished' } } });
        }
        if (upload) uploadsInFlight++;
        try {
          let body: Uint8Array;
          try {
            body = await readBody(req, upload ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES);
          } catch (err) {
            if (err instanceof BodyTooLarge) {
              return refuseAndClose(req, res, 413, { ok: false, error: { code: 'bad-request', message: { zh: `请求过大（上限 ${Math.round((upload ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES) / 1048576)} MB）`, en: `Request too large (limit ${Math.round((upload ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES) / 1048576)} MB)` } } });
            }
            return sendJson(res, 400, { ok: false, error: { code: 'bad-request', message: { zh: '请求体无法读取', en: `Unreadable request body: ${(err as Error).message}` } } });
          }
          // parsed, handled and serialised on the backend's thread; the bytes move there
          const answer = await options.backend.handleJson(channel, body);
          return send(res, answer.ok ? 200 : answer.code === 'internal' ? 500 : 400, answer.json, 'application/json; charset=utf-8');
        } finally {
          if (upload) uploadsInFlight--;
        }
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');

      const queryToken = url.searchParams.get('token');
      if (queryToken !== null) {
        if (!sameSecret(queryToken, token)) return send(res, 403, REFUSED_PAGE, 'text/html; charset=utf-8');
        // Trade the query token for a cookie, and keep it out of the address bar and history.
        return send(res, 302, '', 'text/plain', {
          'Set-Cookie': `${cookieName(port)}=${pageSecret}; HttpOnly; SameSite=Strict; Path=/`,
          Location: `/#token=${token}`,
        });
      }
      if (!sameSecret(readCookie(req.headers.cookie, cookieName(port)), pageSecret)) return send(res, 403, REFUSED_PAGE, 'text/html; charset=utf-8');

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

  // Slow or idle clients cannot hold the server: headers within 10 s, a whole request within 10 minutes.
  server.headersTimeout = 10_000;
  server.requestTimeout = 600_000;
  server.maxHeadersCount = 100;
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
