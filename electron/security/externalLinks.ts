/**
 * Which links may leave the app for the OS browser. `shell.openExternal` runs
 * whatever the OS associates with a URL, so only exact https origins named
 * here pass: no other scheme, no credentials in the URL, no other port. The
 * app links nowhere today, so the list is empty and every window.open is
 * denied; add an origin (e.g. 'https://help.example.cn') when a link is added.
 */
export const EXTERNAL_LINK_ORIGINS: readonly string[] = [];

export function isAllowedExternalUrl(raw: string, origins: readonly string[] = EXTERNAL_LINK_ORIGINS): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return false;
  return origins.includes(url.origin);
}
