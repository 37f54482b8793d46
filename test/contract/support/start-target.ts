/**
 * Starts (or just names) the server the suite runs against: the reference server on a free
 * port, a deployment at NOVAVMS_BASE_URL, or the Prism example mock; then probes what it can
 * do. Used by the global setup, and by a test file run outside it.
 */

import { startPrism } from '../../../tools/prism.js';
import { buildReferenceServer, startReferenceServer } from '../../../tools/reference-server.js';
import type { Settings, TargetKind } from '../../../tools/target-settings.js';
import { type Capabilities, probeCapabilities } from './capabilities.js';

/** What every test needs to know about the target; serialisable (handed to workers). */
export interface TargetInfo {
  kind: TargetKind;
  baseUrl: string;
  capabilities: Capabilities;
  /** Where workers record what they exercised; empty when nothing collects the record. */
  runDir: string;
}

/** A target and how to let go of it. */
export interface StartedTarget {
  info: Omit<TargetInfo, 'runDir'>;
  stop(): Promise<void>;
}

/** Starts the target the settings name. */
export async function startTarget(settings: Settings): Promise<StartedTarget> {
  let baseUrl: string;
  let stop: () => Promise<void> = async () => {};
  if (settings.kind === 'url') {
    baseUrl = settings.baseUrl!;
  } else if (settings.kind === 'prism') {
    const prism = await startPrism({ port: 0 });
    baseUrl = prism.url;
    stop = prism.stop;
  } else {
    buildReferenceServer();
    // No docs build: the suite never asks for /docs.
    const server = await startReferenceServer(
      0,
      settings.allowedOrigin ? ['--allow-origin', settings.allowedOrigin] : [],
    );
    baseUrl = server.url;
    stop = server.stop;
  }
  const capabilities = await probeCapabilities(baseUrl, settings.kind, settings.allowedOrigin);
  return { info: { kind: settings.kind, baseUrl, capabilities }, stop };
}
