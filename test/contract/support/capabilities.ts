/**
 * What the target can do beyond the contract, found by asking it: whether it is stateful (not
 * the Prism example mock), whether it has the reference server's `/__mock` controls (clock
 * and reset) and its demo data, and whether this machine can reach it from a second source
 * address.
 */
import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';
import { DEMO_DATA, type TargetKind } from '../../../tools/target-settings.js';
import { sendRaw } from './http-transport.js';

/** Capabilities that decide which tests apply to a target. */
export interface Capabilities {
  /** A real server with state (the reference server or a deployment), not Prism. */
  stateful: boolean;
  /** `GET/POST /__mock/clock` and `POST /__mock/reset` answer (mock mode of the reference server). */
  mockControl: boolean;
  /** A local address other than the default one from which the target can be reached, or null. */
  altSourceAddress: string | null;
  /** Serves any documented response on request (`Prefer: code=…, example=…`): the Prism example mock. */
  servesExamples: boolean;
  /**
   * Holds the reference server's demo data: the page's placeholder key `sk_live_abc123`
   * answers, so the page's examples work verbatim and the demo users exist.
   */
  demoData: boolean;
  /** An origin the target allows to call it across origins (from the settings), or null. */
  allowedOrigin: string | null;
}

async function hasDemoData(baseUrl: string): Promise<boolean> {
  try {
    const res = await sendRaw(baseUrl, {
      method: 'GET',
      path: '/api/v1/me',
      headers: { authorization: `Bearer ${DEMO_DATA.placeholderKey}` },
    });
    return res.status === 200 && JSON.parse(res.body.toString('utf8')).kind === 'service_account';
  } catch {
    return false;
  }
}

async function hasMockControl(baseUrl: string): Promise<boolean> {
  try {
    const res = await sendRaw(baseUrl, {
      method: 'GET',
      path: '/__mock/clock',
      headers: { accept: 'application/json' },
    });
    if (res.status !== 200) return false;
    const now = JSON.parse(res.body.toString('utf8')).now;
    return typeof now === 'string' && !Number.isNaN(Date.parse(now));
  } catch {
    return false;
  }
}

function canConnect(host: string, port: number, localAddress: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, localAddress });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A second loopback source address (127.0.0.2) when the target is on this machine's IPv4 loopback. */
async function findAltSourceAddress(baseUrl: string): Promise<string | null> {
  const url = new URL(baseUrl);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  let address: string;
  try {
    address = (await lookup(url.hostname.replace(/^\[|\]$/g, ''), { family: 4 })).address;
  } catch {
    return null;
  }
  if (!address.startsWith('127.')) return null;
  const candidate = address === '127.0.0.2' ? '127.0.0.3' : '127.0.0.2';
  return (await canConnect(address, port, candidate)) ? candidate : null;
}

/** Probes the target at `baseUrl`. */
export async function probeCapabilities(
  baseUrl: string,
  kind: TargetKind,
  allowedOrigin?: string,
): Promise<Capabilities> {
  const stateful = kind !== 'prism';
  return {
    stateful,
    mockControl: stateful && (await hasMockControl(baseUrl)),
    altSourceAddress: stateful ? await findAltSourceAddress(baseUrl) : null,
    servesExamples: kind === 'prism',
    demoData: stateful && (await hasDemoData(baseUrl)),
    allowedOrigin: stateful ? (allowedOrigin ?? null) : null,
  };
}
