/**
 * Browser-mode entry: `node dist/server.mjs [--no-open] [--port N]`.
 * Serves the built renderer and the API from the same backend Electron uses.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackendHost } from '../backend/host/backendHost';
import { resolveDataDir } from '../backend/paths';
import { APP_VERSION } from '../backend/version';
import { startBrowserServer } from './browserServer';
import { openInSystemBrowser } from './openBrowser';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const noOpen = args.includes('--no-open');
  const portArg = args.indexOf('--port');
  const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid --port: ${args[portArg + 1] ?? ''}`);
    process.exit(1);
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const rendererDir = path.join(here, 'renderer');
  const dataDir = resolveDataDir();
  // The backend runs in a worker thread, so a long analysis never stalls the HTTP server.
  const backend = await BackendHost.start({
    workerPath: path.join(here, 'backend-worker.mjs'),
    backend: { dataDir, version: APP_VERSION, mode: 'browser', importWorkerPath: path.join(here, 'import-worker.mjs') },
  });
  const server = await startBrowserServer({ backend, rendererDir, port, token: process.env.HOLDFAST_TOKEN || undefined });

  console.log(`Holdfast (browser mode) is running. Data: ${dataDir}`);
  console.log(`HOLDFAST_URL=${server.url}`);
  if (!noOpen) {
    const opened = await openInSystemBrowser(server.url);
    console.log(opened ? 'Opened in your browser. Keep this window open; press Ctrl+C to stop.' : 'Could not open a browser: open the URL above yourself.');
  } else {
    console.log('Open the URL above in a browser. Press Ctrl+C to stop.');
  }
  // Pending saves are flushed and the workspace lock released before the process ends.
  const stop = (): void => {
    void server
      .close()
      .then(() => backend.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(2);
});
