/**
 * Electron main process: window, menu, security, and the IPC bridge to the
 * backend. The renderer is served from the privileged `app://holdfast/`
 * scheme (not file://), so the CSP and the navigation rules have one origin to name.
 */
import path from 'node:path';
import fs from 'node:fs/promises';
import { app, BrowserWindow, ipcMain, Menu, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import { BackendHost } from '../backend/host/backendHost';
import { resolveDataDir } from '../backend/paths';
import { APP_VERSION } from '../backend/version';
import { SECURITY_HEADERS } from '../security/csp';
import { isAllowedExternalUrl } from '../security/externalLinks';
import { mimeType, resolveStaticPath } from '../server/staticFiles';
import { buildMenu } from './menu';
import { electronWorkspaceHooks } from './workspaceDialogs';
import { registerPresenterWindow } from './presenterWindow';
import { registerReviewPdf } from './reviewPdf';

export const APP_ORIGIN = 'app://holdfast';
export const IPC_INVOKE = 'holdfast:invoke';

const rendererDir = path.join(__dirname, '..', 'renderer');
const preloadPath = path.join(__dirname, 'preload.cjs');
/** DevTools (menu, shortcut, webContents) only when running from source, or when asked for explicitly. */
const devTools = !app.isPackaged || process.env.HOLDFAST_DEVTOOLS === '1';

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// Same data folder as browser mode, so both see the same workspaces.
app.setPath('userData', resolveDataDir());

function isAppUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);
}

async function serveRenderer(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const file = resolveStaticPath(rendererDir, url.pathname);
  if (!file) return new Response('Not found', { status: 404 });
  try {
    const body = await fs.readFile(file);
    return new Response(body, { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': mimeType(file) } });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

function hardenSessions(): void {
  const ses = session.defaultSession;
  // The app makes no network requests: only its own scheme and devtools may load.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const ok = details.url.startsWith('app:') || details.url.startsWith('devtools:') || details.url.startsWith('data:') || details.url.startsWith('blob:');
    callback({ cancel: !ok });
  });
  // Only the app's own page may go full screen (季度回顾 presenter mode); every other permission is refused.
  ses.setPermissionRequestHandler((wc, permission, callback) => callback(permission === 'fullscreen' && isAppUrl(wc.getURL())));
  ses.setPermissionCheckHandler(() => false);
}

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    // Only allow-listed https links go to the OS browser; nothing opens inside the app.
    if (isAllowedExternalUrl(url)) void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK — only exact https origins of EXTERNAL_LINK_ORIGINS (none today); tests/unit/electronHardening.test.ts
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 680,
    title: '集团客户保网参谋 Holdfast',
    show: false,
    webPreferences: {
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK — sandboxed preload exposing one invoke; main checks sender frame, channel and payload
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      devTools,
      // A middle click on a link must not open a window (window.open is denied anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  protocol.handle('app', serveRenderer);
  hardenSessions();
  // The backend runs in a worker thread: analysis, saves and exports never freeze the windows or menus.
  // Deletes go to the OS trash; open folder, save as and export use the native dialogs (on this thread).
  let language: () => 'zh-CN' | 'en' = () => 'zh-CN';
  const backend = await BackendHost.start({
    workerPath: path.join(__dirname, '..', 'backend-worker.mjs'),
    backend: { dataDir: app.getPath('userData'), version: APP_VERSION, mode: 'electron', importWorkerPath: path.join(__dirname, '..', 'import-worker.mjs') },
    hooks: electronWorkspaceHooks(() => language()),
  });
  language = () => backend.language;
  // Pending saves are flushed and the workspace lock released before the app exits.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    void backend.close().finally(() => app.quit());
  });
  ipcMain.handle(IPC_INVOKE, async (event: IpcMainInvokeEvent, channel: unknown, payload: unknown) => {
    // Only our own top-level page may call the backend.
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null || !isAppUrl(frame.url)) {
      return { ok: false, error: { code: 'bad-request', message: { zh: '拒绝来自未知页面的请求', en: 'Refused a call from an unknown frame' } } };
    }
    return backend.handle(channel, payload);
  });
  // 季度回顾: PDF of the print view and the presenter-notes window; same sender rule as above.
  const isTrustedSender = (event: IpcMainInvokeEvent) => event.senderFrame !== null && event.senderFrame.parent === null && isAppUrl(event.senderFrame.url);
  registerReviewPdf(isTrustedSender, () => app.getPath('documents'));
  registerPresenterWindow({ preloadPath, appOrigin: APP_ORIGIN, isTrustedSender });
  Menu.setApplicationMenu(buildMenu(devTools));
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

start().catch((err: unknown) => {
  console.error(err);
  app.exit(2);
});
