/**
 * A small browser app on the NovaVMS SDK in web mode: the refresh token stays in the server's
 * HttpOnly cookie, the SDK refreshes the access token by itself, and a session the server ends
 * comes back through `onSessionEnd`.
 */
import { createClient, isNovaVmsError, type SessionEndReason, toNovaVmsError } from '@novavms/sdk';

const apiUrl: string = import.meta.env.VITE_NOVAVMS_URL ?? 'http://localhost:4010';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

function notice(text: string): void {
  $('notice').textContent = text;
}

function showLogin(): void {
  $('app').hidden = true;
  $('login').hidden = false;
}

/** Set when the server ended the session, until the next login. */
let ended = false;

const app = createClient({
  baseUrl: apiUrl,
  session: {
    onSessionEnd: (reason: SessionEndReason) => {
      ended = true;
      notice(`Your session ended (${reason}). Log in again.`);
      showLogin();
    },
  },
});

async function showCameras(): Promise<void> {
  const result = await app.GET('/api/v1/cameras');
  if (result.error !== undefined) {
    // A session the server ended has said so already.
    if (!ended) notice(`Could not list the cameras: ${toNovaVmsError(result).code}.`);
    return;
  }
  const items = (result.data?.data ?? []).map((camera) => {
    const item = document.createElement('li');
    item.textContent = `${camera.name} — ${camera.site} (${camera.status})`;
    return item;
  });
  $('cameras').replaceChildren(...items);
  const me = await app.GET('/api/v1/me');
  $('who').textContent = me.data?.kind === 'user' ? (me.data.email ?? me.data.id) : '';
  $('login').hidden = true;
  $('app').hidden = false;
}

$<HTMLFormElement>('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  notice('');
  ended = false;
  try {
    await app.auth.login({
      email: $<HTMLInputElement>('email').value,
      password: $<HTMLInputElement>('password').value,
    });
    $<HTMLInputElement>('password').value = '';
    await showCameras();
  } catch (error) {
    notice(`Log-in failed: ${isNovaVmsError(error) ? error.code : String(error)}.`);
  }
});

$('reload').addEventListener('click', () => void showCameras());

$('logout').addEventListener('click', async () => {
  await app.auth.logout();
  $('cameras').replaceChildren();
  notice('You are logged out.');
  showLogin();
});

// After a page load, pick up the session the refresh cookie still holds, if any.
app.auth.refresh().then(showCameras, showLogin);
