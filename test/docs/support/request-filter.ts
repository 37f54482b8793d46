/**
 * Which requests count as "leaving localhost" for the docs page. The page may load itself
 * from the loopback interface (the reference server, a test server) or from disk, and
 * inline data; anything else is a request to the network and fails the offline check.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);
const LOCAL_SCHEMES = new Set(['data:', 'blob:', 'about:', 'file:']);

/** True when loading `url` stays on this machine. Unparseable URLs count as remote. */
export function isLocalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (LOCAL_SCHEMES.has(parsed.protocol)) return true;
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) return false;
  const host = parsed.hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The URLs of `urls` that leave this machine, in order, without duplicates. */
export function remoteUrls(urls: readonly string[]): string[] {
  return [...new Set(urls.filter((url) => !isLocalUrl(url)))];
}
