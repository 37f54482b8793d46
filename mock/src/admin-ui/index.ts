/**
 * The admin UI of the source page ("An admin or owner mints the key from the admin UI at
 * /admin/service-accounts"): a small same-origin page that signs in with the web flow and
 * calls only the public API, so that it proves the contract as it uses it. The page takes the
 * operations' paths, the key modes and the rotation overlap the contract allows from the
 * bundled spec; a strict Content-Security-Policy lets it run its own script only.
 */
import { operations, refreshCookie } from '../../../generated/contract.js';
import { spec } from '../spec.js';
import script from './page-script.js?raw';

/** The page and its script, under the admin UI's path. */
export const ADMIN_UI_ROUTES = {
  page: '/admin/service-accounts',
  script: '/admin/service-accounts.js',
} as const;

type Node = Record<string, unknown>;
const schemas = (spec.components as Node).schemas as Record<string, Node>;

/** What the page reads from the contract. */
function pageConfig() {
  const used = [
    'loginWithPassword',
    'refreshSession',
    'logoutSession',
    'getCurrentPrincipal',
    'listServiceAccounts',
    'listServiceAccountKeys',
    'createServiceAccountKey',
    'rotateServiceAccountKey',
    'revokeServiceAccountKey',
  ] as const;
  const overlap = ((schemas.ApiKeyRotateRequest!.properties as Node).overlap_seconds as Node).maximum;
  return {
    operations: Object.fromEntries(
      used.map((id) => [id, { method: operations[id].method, path: operations[id].path }]),
    ),
    keyModes: schemas.KeyMode!.enum,
    overlapMaxSeconds: overlap,
    csrf: { header: refreshCookie.csrfHeader, value: refreshCookie.csrfValue },
  };
}

/** JSON in a data block: `<` escaped so that nothing in it can close the element. */
const configJson = JSON.stringify(pageConfig()).replace(/</g, '\\u003c');

const STYLE = `body{font:15px/1.4 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}
.overlap{width:6rem}#secret{background:#fffbe6;border:1px solid #e0c000;padding:1rem;margin:1rem 0}
#secret-value{font-family:monospace;word-break:break-all}#status,#refused{color:#a00}`;

export const ADMIN_UI_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Service accounts — NovaVMS admin</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body>
<h1>Service accounts</h1>
<p id="status" role="status"></p>
<section id="signin" hidden>
  <form id="signin-form">
    <label>Email <input id="email" type="email" autocomplete="username" required></label>
    <label>Password <input id="password" type="password" autocomplete="current-password" required></label>
    <button type="submit" id="signin-button">Sign in</button>
  </form>
</section>
<section id="console" hidden>
  <p>Signed in as <span id="who"></span> <button type="button" id="signout">Sign out</button></p>
  <div id="secret" hidden>
    <p><strong id="secret-what"></strong>. This is the only time the secret is shown: copy it into your secret store now.</p>
    <p><code id="secret-value"></code> <button type="button" id="copy">Copy</button> <button type="button" id="dismiss">Done</button></p>
  </div>
  <p id="refused" hidden></p>
  <div id="accounts"></div>
</section>
<script type="application/json" id="contract">${configJson}</script>
<script type="module" src="${ADMIN_UI_ROUTES.script}"></script>
</body></html>
`;

/** Headers of the page: its own script only, same-origin calls only, never framed or cached. */
export const ADMIN_UI_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

export const ADMIN_UI_SCRIPT = script;
