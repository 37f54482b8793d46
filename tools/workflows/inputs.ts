/**
 * What the workflows take as inputs besides credentials: values the contract states, read
 * from generated/contract.ts so that no lifetime is written into a workflow by hand. The
 * runner passes them, the lint checks that every plain input is one of them, and the docs
 * show their values.
 */
import { lifetimes } from '../../generated/contract.js';
import type { Settings } from '../target-settings.js';

/** One input the contract supplies: its value and where in the contract it comes from. */
export interface ContractInput {
  value: number;
  source: string;
}

function seconds(value: number | null, what: string): number {
  if (value === null) throw new Error(`the contract gives ${what} no lifetime`);
  return value;
}

/** Every plain (non-environment) input of the workflows, by name. */
export const contractInputs: Readonly<Record<string, ContractInput>> = Object.freeze({
  access_token_lifetime_seconds: {
    value: seconds(lifetimes.UserAccessToken.defaultSeconds, 'UserAccessToken'),
    source: '`x-novavms-lifetime.default` of `UserAccessToken`',
  },
  remember_me_access_token_lifetime_seconds: {
    value: seconds(lifetimes.UserAccessToken.rememberMeSeconds, 'UserAccessToken with remember_me'),
    source: '`x-novavms-lifetime.remember_me` of `UserAccessToken`',
  },
  refresh_token_lifetime_seconds: {
    value: seconds(lifetimes.RefreshToken.defaultSeconds, 'RefreshToken'),
    source: '`x-novavms-lifetime.default` of `RefreshToken`',
  },
  remember_me_refresh_token_lifetime_seconds: {
    value: seconds(lifetimes.RefreshToken.rememberMeSeconds, 'RefreshToken with remember_me'),
    source: '`x-novavms-lifetime.remember_me` of `RefreshToken`',
  },
});

/** The environment variables the workflows read credentials from, as the contract suite names them. */
export const CREDENTIAL_VARIABLES = [
  'NOVAVMS_EMAIL',
  'NOVAVMS_PASSWORD',
  'NOVAVMS_VIEWER_EMAIL',
  'NOVAVMS_VIEWER_PASSWORD',
] as const;

/** The credential variables for a run, from the contract suite's settings (demo users by default). */
export function credentialEnvironment(settings: Settings): Record<(typeof CREDENTIAL_VARIABLES)[number], string> {
  return {
    NOVAVMS_EMAIL: settings.admin.email,
    NOVAVMS_PASSWORD: settings.admin.password,
    NOVAVMS_VIEWER_EMAIL: settings.viewer.email,
    NOVAVMS_VIEWER_PASSWORD: settings.viewer.password,
  };
}

/** The plain inputs as one `--input` JSON object for `redocly respect`. */
export function contractInputArgument(): string {
  return JSON.stringify(Object.fromEntries(Object.entries(contractInputs).map(([name, input]) => [name, input.value])));
}
