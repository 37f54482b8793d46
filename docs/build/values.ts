/**
 * Every value a guide may name by placeholder, computed from generated/contract.ts and
 * generated/openapi.json: the tables, and the lifetimes and limits the prose mentions.
 */
import * as contract from '../../generated/contract.js';
import { humanDuration } from './duration.js';
import { code } from './markdown.js';
import {
  errorsTable,
  lifetimesTable,
  quotasTable,
  rolesTable,
  type SecurityScheme,
  securitySchemesTable,
} from './tables.js';

/** The parts of the bundled spec the docs read. */
export interface DocsSpec {
  info: { title: string; version: string; summary?: string; description?: string };
  tags?: { name: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: {
    securitySchemes: Record<string, SecurityScheme>;
    schemas: Record<string, { enum?: string[]; properties?: Record<string, { maximum?: number }> }>;
    examples?: Record<string, { summary?: string; value?: unknown }>;
  };
  [key: string]: unknown;
}

/** The contract constants the values come from (a parameter, so tests can pass a changed copy). */
export type Contract = Pick<
  typeof contract,
  | 'lifetimes'
  | 'errorCodes'
  | 'errors'
  | 'roles'
  | 'operations'
  | 'productionOnlyOperations'
  | 'loginRateLimit'
  | 'limits'
  | 'refreshCookie'
  | 'keyFormat'
  | 'jwt'
  | 'binding'
  | 'quotas'
>;

function operationLabel(c: Contract, operationId: string): string {
  const op = (c.operations as Record<string, { method: string; path: string }>)[operationId];
  if (!op) throw new Error(`unknown operation ${operationId}`);
  return code(`${op.method} ${op.path}`);
}

function failures(limit: { failures: number; windowSeconds: number }): string {
  return `${limit.failures} failed logins in ${humanDuration(limit.windowSeconds)}`;
}

/** A code sample of an operation, as Redoc's `x-codeSamples` convention has it. */
interface CodeSample {
  lang: string;
  label?: string;
  source: string;
}

const FENCE_LANGUAGE: Record<string, string> = {
  curl: 'bash',
  shell: 'bash',
  typescript: 'ts',
  javascript: 'js',
  python: 'python',
};

function fenced(language: string, source: string): string {
  return `\`\`\`${language}\n${source.trimEnd()}\n\`\`\``;
}

/** The `x-codeSamples` of every operation, by operationId, as labelled fenced code blocks. */
function codeSamples(spec: DocsSpec): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of Object.values(spec.paths)) {
    for (const operation of Object.values(item)) {
      const op = operation as { operationId?: string; 'x-codeSamples'?: CodeSample[] };
      if (!op || typeof op !== 'object' || !op.operationId || !op['x-codeSamples']) continue;
      out[`samples.${op.operationId}`] = op['x-codeSamples']
        .map(
          (sample) =>
            `${sample.label ?? sample.lang}:\n\n${fenced(FENCE_LANGUAGE[sample.lang.toLowerCase()] ?? '', sample.source)}`,
        )
        .join('\n\n');
    }
  }
  return out;
}

/** Every named example of the spec as a fenced JSON block, by `example.<Name>`. */
function examples(spec: DocsSpec): Record<string, string> {
  return Object.fromEntries(
    Object.entries(spec.components.examples ?? {}).map(([name, example]) => [
      `example.${name}`,
      fenced('json', JSON.stringify(example.value, null, 2)),
    ]),
  );
}

/** Builds the placeholder values of the guides from the contract and the spec. */
export function docsValues(spec: DocsSpec, c: Contract = contract): Record<string, string> {
  const enumCodes = spec.components.schemas.ErrorCode?.enum;
  if (!enumCodes || JSON.stringify(enumCodes) !== JSON.stringify(c.errorCodes)) {
    throw new Error(
      'the ErrorCode enum of generated/openapi.json differs from errorCodes in generated/contract.ts; run npm run generate',
    );
  }
  const overlapMax = spec.components.schemas.ApiKeyRotateRequest?.properties?.overlap_seconds?.maximum;
  if (typeof overlapMax !== 'number') throw new Error('ApiKeyRotateRequest.overlap_seconds has no maximum in the spec');
  const lifetimes = c.lifetimes;
  return {
    'lifetimes-table': lifetimesTable(lifetimes, c.refreshCookie.name),
    'errors-table': errorsTable(enumCodes, c.errors),
    'security-schemes-table': securitySchemesTable(spec.components.securitySchemes, lifetimes, c.operations),
    'roles-table': rolesTable(c.roles),
    'quotas-table': quotasTable(c.quotas, c.operations),
    'access.lifetime': humanDuration(lifetimes.UserAccessToken.defaultSeconds),
    'access.lifetime.rememberMe': humanDuration(lifetimes.UserAccessToken.rememberMeSeconds),
    'access.lifetime.seconds': String(lifetimes.UserAccessToken.defaultSeconds),
    'refresh.lifetime': humanDuration(lifetimes.RefreshToken.defaultSeconds),
    'refresh.lifetime.rememberMe': humanDuration(lifetimes.RefreshToken.rememberMeSeconds),
    'key.lifetime': humanDuration(lifetimes.ServiceAccountKey.defaultSeconds),
    'key.overlap.max': humanDuration(overlapMax),
    'key.overlap.max.seconds': String(overlapMax),
    'key.randomCharacters': String(c.keyFormat.randomCharacters),
    'key.pattern': code(c.keyFormat.pattern),
    'key.prefix.live': code(c.keyFormat.prefixes.live),
    'key.prefix.test': code(c.keyFormat.prefixes.test),
    'login.limit.account': failures(c.loginRateLimit.perAccount),
    'login.limit.address': failures(c.loginRateLimit.perAddress),
    'limits.body': `${c.limits.maxBodyBytes} bytes`,
    'limits.authorization': `${c.limits.maxAuthorizationBytes} bytes`,
    'production-only.operations': c.productionOnlyOperations.map((id) => operationLabel(c, id)).join(', '),
    'cookie.name': code(c.refreshCookie.name),
    'csrf.header': code(`${c.refreshCookie.csrfHeader}: ${c.refreshCookie.csrfValue}`),
    'jwt.algorithms': c.jwt.algorithms.join(', '),
    'jwt.typ': code(c.jwt.typ),
    'jwt.issuer': code(c.jwt.issuer),
    'jwt.audience': code(c.jwt.audience),
    'jwt.jwks': code(c.jwt.jwksUri),
    'jwt.claims': c.jwt.claims.map(code).join(', '),
    'binding.decision': c.binding.decision,
    ...Object.fromEntries(
      Object.entries(c.operations as Record<string, { since: string }>).map(([id, op]) => [
        `since.${id}`,
        `v${op.since}`,
      ]),
    ),
    ...codeSamples(spec),
    ...examples(spec),
  };
}
