/**
 * Presenter notes on a second display: while the main window presents the
 * review full-screen, a second window on another display shows the notes,
 * the next slide and the timer. Same preload and security settings as the
 * main window; it only receives the state the presenting window sends. With
 * one display nothing opens (the renderer then offers its notes panel).
 */
import { app, BrowserWindow, ipcMain, screen, type IpcMainInvokeEvent } from 'electron';
import type { DesktopResult } from '../../shared/api/bridge';
import { PresenterStateSchema, type PresenterState } from './reviewIpcSchemas';

export const IPC_PRESENTER_OPEN = 'holdfast:presenter-open';
export const IPC_PRESENTER_STATE = 'holdfast:presenter-state';
export const IPC_PRESENTER_CLOSE = 'holdfast:presenter-close';

interface Options {
  preloadPath: string;
  appOrigin: string;
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean;
}

const refused = { ok: false, error: { code: 'bad-request', message: { zh: '拒绝来自未知页面的请求', en: 'Refused a call from an unknown frame' } } } as const;

export function registerPresenterWindow({ preloadPath, appOrigin, isTrustedSender }: Options): void {
  let notes: BrowserWindow | null = null;
  let presenter: Electron.WebContents | null = null;
  let lastState: PresenterState | null = null;

  const close = () => {
    if (notes && !notes.isDestroyed()) notes.close();
    notes = null;
    presenter = null;
    lastState = null;
  };

  ipcMain.handle(IPC_PRESENTER_OPEN, (event: IpcMainInvokeEvent): DesktopResult<{ opened: boolean }> => {
    if (!isTrustedSender(event)) return refused;
    const owner = BrowserWindow.fromWebContents(event.sender);
    const displays = screen.getAllDisplays();
    if (!owner || displays.length < 2) return { ok: true, data: { opened: false } };
    const here = screen.getDisplayMatching(owner.getBounds());
    const other = displays.find((d) => d.id !== here.id);
    if (!other) return { ok: true, data: { opened: false } };
    close();
    presenter = event.sender;
    const { x, y, width, height } = other.workArea;
    const win = new BrowserWindow({
      x,
      y,
      width,
      height,
      title: '演讲者备注 Presenter notes',
      backgroundColor: '#0f1722',
      show: false,
      webPreferences: {
        preload: preloadPath, // eng-disable PRELOAD_JS_CHECK — the app's own sandboxed preload; presenter IPC validates sender and payload
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        spellcheck: false,
        devTools: !app.isPackaged,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    notes = win;
    win.once('ready-to-show', () => {
      win.maximize();
      win.show();
    });
    // A notes window that loads after the first slide change still gets it.
    win.webContents.on('did-finish-load', () => {
      if (lastState) win.webContents.send(IPC_PRESENTER_STATE, lastState);
    });
    win.on('closed', () => {
      if (notes === win) notes = null;
    });
    void win.loadURL(`${appOrigin}/index.html?view=presenter-notes`);
    return { ok: true, data: { opened: true } };
  });

  ipcMain.handle(IPC_PRESENTER_STATE, (event: IpcMainInvokeEvent, payload: unknown): DesktopResult<{ delivered: boolean }> => {
    // Only the presenting window may drive the notes.
    if (!isTrustedSender(event) || event.sender !== presenter) return refused;
    const parsed = PresenterStateSchema.safeParse(payload);
    if (!parsed.success) return { ok: false, error: { code: 'bad-request', message: { zh: '演讲者状态无效', en: 'Invalid presenter state' } } };
    lastState = parsed.data;
    if (notes && !notes.isDestroyed()) notes.webContents.send(IPC_PRESENTER_STATE, parsed.data);
    return { ok: true, data: { delivered: notes !== null } };
  });

  ipcMain.handle(IPC_PRESENTER_CLOSE, (event: IpcMainInvokeEvent): DesktopResult<{ closed: boolean }> => {
    if (!isTrustedSender(event)) return refused;
    close();
    return { ok: true, data: { closed: true } };
  });
}
