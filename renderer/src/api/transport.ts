/**
 * Chooses the transport: Electron's preload bridge when present, otherwise
 * HTTP to the browser-mode backend with the per-launch token. Pages only see
 * the `api` client and cannot tell which one is in use.
 */
import { createApiClient, type ApiClient } from '../../../shared/api/client';
import type { HoldfastBridge } from '../../../shared/api/bridge';
import type { ApiTransport, Channel, Envelope } from '../../../shared/api/contract';

// The one declaration of the preload's bridge in the renderer (its type: shared/api/bridge.ts).
declare global {
  interface Window {
    /** the Electron preload's bridge; absent in browser mode */
    holdfast?: HoldfastBridge;
  }
}

const TOKEN_KEY = 'holdfast.token';

/** Takes the token from the URL fragment once, then keeps it for this tab only. */
export function takeTokenFromLocation(): string | null {
  const match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function ipcTransport(bridge: HoldfastBridge): ApiTransport {
  return { invoke: (channel: Channel, request: unknown) => bridge.invoke(channel, request) };
}

function httpTransport(token: string | null): ApiTransport {
  return {
    async invoke(channel: Channel, request: unknown) {
      const res = await fetch(`./api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Holdfast-Token': token ?? '' },
        body: JSON.stringify(request ?? {}),
      });
      if (res.status === 401 || res.status === 403) {
        return { ok: false, error: { code: 'bad-request', message: { zh: '访问令牌无效：请重新打开 npm start 打印的网址', en: 'Access token refused: open the URL printed by npm start again' } } };
      }
      return (await res.json()) as Envelope<unknown>;
    },
  };
}

export function createApi(): ApiClient {
  const bridge = window.holdfast;
  return createApiClient(bridge ? ipcTransport(bridge) : httpTransport(takeTokenFromLocation()));
}

export const api = createApi();
