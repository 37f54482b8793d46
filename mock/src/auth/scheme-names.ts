/**
 * The names of the contract's security schemes, by the part each plays here. Every name is
 * checked against the schemes of generated/contract.ts (the keys of `lifetimes`, one per
 * scheme of the spec), and every scheme must have a part: renaming, adding or removing a
 * scheme in the spec is a type error here, not a silent mismatch at run time.
 */
import type { lifetimes } from '../../../generated/contract.js';

/** The name of a security scheme of the contract. */
export type SchemeName = keyof typeof lifetimes;

/** The security schemes of the contract, by their part. */
export const SCHEMES = {
  apiKey: 'ServiceAccountKey',
  accessToken: 'UserAccessToken',
  refreshToken: 'RefreshToken',
  refreshCookie: 'RefreshCookie',
} as const satisfies Record<string, SchemeName>;

/** Compiles only while every scheme of the contract has a part above. */
type Unassigned = Exclude<SchemeName, (typeof SCHEMES)[keyof typeof SCHEMES]>;
const everySchemeHasAPart: [Unassigned] extends [never] ? true : Unassigned = true;
void everySchemeHasAPart;
