// The admin UI of service accounts: signs in with the web flow (the refresh cookie, the CSRF
// header), then calls only the public API. A key's secret is shown once, when it is minted or
// rotated, and kept nowhere: a reload shows the masked form only.
const config = JSON.parse(document.getElementById('contract').textContent);
const $ = (id) => document.getElementById(id);
let accessToken = null;

function path(template, params = {}) {
  return template.replace(/\{([^}]+)\}/g, (_, name) => encodeURIComponent(params[name]));
}

/** Calls an operation; an expired access token is refreshed once (cookie + CSRF header) and the call sent again. */
async function api(operation, options = {}) {
  try {
    return await call(operation, options);
  } catch (error) {
    if (options.csrf || error.problem?.code !== 'TOKEN_EXPIRED') throw error;
    await refreshSession();
    return call(operation, options);
  }
}

async function call(operation, { params, body, csrf } = {}) {
  const { method, path: template } = config.operations[operation];
  const headers = {};
  if (accessToken && !csrf) headers.Authorization = `Bearer ${accessToken}`;
  if (csrf) headers[config.csrf.header] = config.csrf.value;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path(template, params), {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw Object.assign(new Error(data?.detail ?? `${res.status}`), { status: res.status, problem: data });
  return data;
}

function show(section) {
  for (const id of ['signin', 'console']) $(id).hidden = id !== section;
}

function status(message) {
  $('status').textContent = message;
}

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

/** Shows a secret once, with a copy button; it lives only in this box. */
function revealSecret(secret, what) {
  const box = $('secret');
  box.hidden = false;
  $('secret-what').textContent = what;
  $('secret-value').textContent = secret;
}

async function copySecret() {
  await navigator.clipboard.writeText($('secret-value').textContent);
  $('copy').textContent = 'Copied';
}

function hideSecret() {
  $('secret').hidden = true;
  $('secret-value').textContent = '';
  $('copy').textContent = 'Copy';
}

async function refreshSession() {
  const tokens = await call('refreshSession', { csrf: true });
  accessToken = tokens.access_token;
}

async function signIn(event) {
  event.preventDefault();
  status('');
  try {
    const tokens = await api('loginWithPassword', {
      body: { email: $('email').value, password: $('password').value, client_type: 'web' },
    });
    accessToken = tokens.access_token;
    $('password').value = '';
    await load();
  } catch (error) {
    status(error.problem?.title ?? error.message);
  }
}

async function signOut() {
  hideSecret();
  try {
    await api('logoutSession', { csrf: true });
  } finally {
    accessToken = null;
    show('signin');
  }
}

function keyRow(account, key) {
  const row = element(
    'tr',
    { className: 'key' },
    element('td', { className: 'masked', textContent: key.masked }),
    element('td', { textContent: key.mode }),
    element('td', { className: 'key-status', textContent: key.status }),
    element('td', { textContent: key.expires_at ?? 'never' }),
  );
  const actions = element('td');
  if (key.status === 'active') {
    const overlap = element('input', {
      type: 'number',
      min: '0',
      max: String(config.overlapMaxSeconds),
      value: '0',
      className: 'overlap',
      title: `Seconds the old key keeps working (at most ${config.overlapMaxSeconds})`,
    });
    const rotate = element('button', { type: 'button', className: 'rotate', textContent: 'Rotate' });
    rotate.onclick = () =>
      act(async () => {
        const rotated = await api('rotateServiceAccountKey', {
          params: { service_account_id: account.id, key_id: key.id },
          body: { overlap_seconds: Number(overlap.value) },
        });
        revealSecret(rotated.secret, `Rotated ${key.masked}: the new key`);
      });
    const revoke = element('button', { type: 'button', className: 'revoke', textContent: 'Revoke' });
    revoke.onclick = () =>
      act(async () => {
        await api('revokeServiceAccountKey', { params: { service_account_id: account.id, key_id: key.id } });
      });
    actions.append('overlap ', overlap, ' s ', rotate, ' ', revoke);
  }
  row.append(actions);
  row.dataset.keyId = key.id;
  return row;
}

async function accountSection(account) {
  const keys = await api('listServiceAccountKeys', { params: { service_account_id: account.id }, body: undefined });
  const mode = element('select', { className: 'mode' });
  for (const value of config.keyModes) mode.append(element('option', { value, textContent: value }));
  const mint = element('button', { type: 'button', className: 'mint', textContent: 'Mint a key' });
  mint.onclick = () =>
    act(async () => {
      const created = await api('createServiceAccountKey', {
        params: { service_account_id: account.id },
        body: { mode: mode.value },
      });
      revealSecret(created.secret, `New ${mode.value} key of ${account.name}`);
    });
  const table = element(
    'table',
    {},
    element('tr', {}, ...['Key', 'Mode', 'Status', 'Expires', ''].map((t) => element('th', { textContent: t }))),
    ...keys.data.map((key) => keyRow(account, key)),
  );
  const section = element(
    'section',
    { className: 'account' },
    element('h2', { textContent: `${account.name} (${account.role})` }),
    element('p', {}, mode, ' ', mint),
    table,
  );
  section.dataset.accountId = account.id;
  return section;
}

/** Runs an action, then lists again; a refused action says why. */
async function act(action) {
  status('');
  try {
    await action();
  } catch (error) {
    status(error.problem?.detail ?? error.message);
  }
  await list();
}

async function list() {
  const accounts = await api('listServiceAccounts');
  const sections = await Promise.all(accounts.data.map(accountSection));
  $('accounts').replaceChildren(...sections);
}

async function load() {
  show('console');
  const me = await api('getCurrentPrincipal');
  $('who').textContent = `${me.email ?? me.id} (${me.role})`;
  try {
    $('refused').hidden = true;
    await list();
  } catch (error) {
    if (error.status !== 403) throw error;
    $('accounts').replaceChildren();
    $('refused').hidden = false;
    $('refused').textContent = `Your role, ${me.role}, may not manage service accounts: ask an admin or an owner.`;
  }
}

$('signin-form').addEventListener('submit', signIn);
$('signout').addEventListener('click', signOut);
$('copy').addEventListener('click', copySecret);
$('dismiss').addEventListener('click', hideSecret);
// A reload keeps the session through the refresh cookie, never the secret.
refreshSession().then(load, () => show('signin'));
