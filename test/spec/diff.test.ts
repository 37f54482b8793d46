/**
 * The semver gate (`npm run diff -- --check`). One fixture per kind of change, each applied to
 * a copy of the real contract as released (releases/1.2.0.json) and rated exactly, with the
 * rule that rated it; then the gate on each: the bump it needs passes, one less fails. This
 * also pins what we rely on of `redocly diff`, which @redocly/cli 2.77.0 marks experimental.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatSemver, parseSemver, type Rating } from '../../tools/diff/change.js';
import { type DiffResult, diffContracts, gate } from '../../tools/diff/diff.js';
import type { Json } from '../../tools/diff/document.js';
import { type ContractSide, releaseFile } from '../../tools/diff/releases.js';

// biome-ignore lint/suspicious/noExplicitAny: fixtures edit the bundled document at arbitrary depth
type Doc = any;

const released: Doc = JSON.parse(readFileSync(releaseFile('1.2.0'), 'utf8'));
const TODAY = '2026-12-01';
const AUDIT = '/api/v1/audit-events';
const CAMERAS = '/api/v1/cameras';

function side(doc: Doc, label: string): ContractSide {
  return { label, file: label, doc: doc as Json, version: doc.info.version };
}

/** Deprecates listAuditEvents in favour of listCameras, with the given sunset. */
function deprecateAudit(doc: Doc, sunset: string): void {
  doc.paths[AUDIT].get.deprecated = true;
  doc.paths[AUDIT].get['x-novavms-deprecation'] = { announced: '2026-01-15', sunset, replacement: 'listCameras' };
}

interface Case {
  name: string;
  /** Turns the base into the base of this case (a release that deprecated something). */
  base?: (doc: Doc) => void;
  edit: (doc: Doc) => void;
  rating: Rating | null;
  /** The rules that rate it, each found at least once. */
  rules: string[];
  /** Refused whatever the version, by these rules. */
  refused?: string[];
}

const CASES: Case[] = [
  {
    name: 'removed operation (deprecated, sunset passed)',
    base: (d) => deprecateAudit(d, '2026-06-30'),
    edit: (d) => delete d.paths[AUDIT],
    rating: 'major',
    rules: ['path-removed'],
  },
  {
    name: 'removed operation, never deprecated',
    edit: (d) => delete d.paths[AUDIT],
    rating: 'major',
    rules: ['path-removed'],
    refused: ['house/removed-without-deprecation'],
  },
  {
    name: 'removed operation, deprecated but before its sunset',
    base: (d) => deprecateAudit(d, '2027-06-30'),
    edit: (d) => delete d.paths[AUDIT],
    rating: 'major',
    rules: ['path-removed'],
    refused: ['house/removed-before-sunset'],
  },
  {
    name: 'removed response property (never deprecated)',
    edit: (d) => delete d.components.schemas.Camera.properties.site,
    rating: 'major',
    rules: ['property-removed'],
    refused: ['house/removed-without-deprecation'],
  },
  {
    name: 'removed response property that the release marked deprecated',
    base: (d) => {
      d.components.schemas.Camera.properties.site = {
        ...d.components.schemas.Camera.properties.site,
        deprecated: true,
      };
    },
    edit: (d) => delete d.components.schemas.Camera.properties.site,
    rating: 'major',
    rules: ['property-removed'],
  },
  {
    name: 'removed response (never deprecated)',
    edit: (d) => delete d.paths[CAMERAS].get.responses['403'],
    rating: 'major',
    rules: ['response-removed'],
    refused: ['house/removed-without-deprecation'],
  },
  {
    name: 'property made required in a request',
    edit: (d) => d.components.schemas.LoginRequest.required.push('remember_me'),
    rating: 'major',
    rules: ['required-properties-added'],
  },
  {
    name: 'narrowed request enum',
    edit: (d) => {
      d.components.schemas.ClientType.enum = ['api'];
      d.components.schemas.ClientType.default = 'api';
    },
    rating: 'major',
    rules: ['enum-values-removed'],
  },
  {
    name: 'widened request enum',
    edit: (d) => d.components.schemas.ClientType.enum.push('cli'),
    rating: 'minor',
    rules: ['house/request-enum-widened'],
  },
  {
    name: 'widened response enum',
    edit: (d) => d.components.schemas.Camera.properties.status.enum.push('maintenance'),
    rating: 'major',
    rules: ['enum-values-added'],
  },
  {
    name: 'a new error code, in an enum the release declared open',
    base: (d) => {
      d.components.schemas.ErrorCode['x-novavms-extensible-enum'] = true;
    },
    edit: (d) => {
      d.components.schemas.ErrorCode.enum.push('QUOTA_EXCEEDED');
      d.components.schemas.ErrorCode['x-novavms-errors'].QUOTA_EXCEEDED = {
        ...d.components.schemas.ErrorCode['x-novavms-errors'].RATE_LIMITED,
      };
    },
    rating: 'minor',
    rules: ['house/extensible-enum-widened'],
  },
  {
    name: 'a new error code, in an enum the release did not declare open',
    edit: (d) => {
      d.components.schemas.ErrorCode.enum.push('QUOTA_EXCEEDED');
      d.components.schemas.ErrorCode['x-novavms-errors'].QUOTA_EXCEEDED = {
        ...d.components.schemas.ErrorCode['x-novavms-errors'].RATE_LIMITED,
      };
    },
    rating: 'major',
    rules: ['enum-values-added'],
  },
  {
    name: 'changed type',
    edit: (d) => {
      d.components.schemas.TokenResponse.properties.expires_in = { type: 'string', maxLength: 8, pattern: '^\\d+$' };
    },
    rating: 'major',
    rules: ['schema-type-changed'],
  },
  {
    name: 'new required parameter',
    edit: (d) =>
      d.paths[CAMERAS].get.parameters.push({
        name: 'site',
        in: 'query',
        required: true,
        schema: { type: 'string', maxLength: 64 },
      }),
    rating: 'major',
    rules: ['parameter-became-required'],
  },
  {
    name: 'new optional parameter',
    edit: (d) =>
      d.paths[CAMERAS].get.parameters.push({
        name: 'site',
        in: 'query',
        required: false,
        schema: { type: 'string', maxLength: 64 },
      }),
    rating: 'minor',
    rules: ['redocly/added'],
  },
  {
    name: 'tightened maxLength',
    edit: (d) => {
      d.components.schemas.LoginRequest.properties.email.maxLength = 128;
    },
    rating: 'major',
    rules: ['schema-constraint-changed'],
  },
  {
    name: 'security scheme changed',
    edit: (d) => {
      d.components.securitySchemes.UserAccessToken.bearerFormat = 'opaque';
    },
    rating: 'major',
    rules: ['security-scheme-changed'],
  },
  {
    name: 'role of a security scheme grants another scope',
    edit: (d) => d.components.securitySchemes.UserAccessToken['x-novavms-roles'].viewer.push('audit:read'),
    rating: 'major',
    rules: ['house/auth-semantics'],
  },
  {
    name: 'required scope added',
    edit: (d) => d.paths[CAMERAS].get.security[0].ServiceAccountKey.push('audit:read'),
    rating: 'major',
    rules: ['security-requirement-changed'],
  },
  {
    name: 'lifetime changed',
    edit: (d) => {
      d.components.securitySchemes.UserAccessToken['x-novavms-lifetime'].default = 'PT2H';
    },
    rating: 'major',
    rules: ['house/auth-semantics'],
  },
  {
    name: 'error status changed',
    edit: (d) => {
      d.components.schemas.ErrorCode['x-novavms-errors'].RATE_LIMITED.status = 503;
    },
    rating: 'major',
    rules: ['house/error-code-changed'],
  },
  {
    name: 'operation made production-only',
    edit: (d) => {
      d.paths[CAMERAS].get['x-novavms-production-only'] = true;
    },
    rating: 'major',
    rules: ['house/auth-semantics'],
  },
  {
    name: 'operation deprecated, with sunset and replacement',
    edit: (d) => deprecateAudit(d, '2027-06-30'),
    rating: 'minor',
    rules: ['house/deprecated'],
  },
  {
    name: 'operation deprecated without a sunset',
    edit: (d) => {
      d.paths[AUDIT].get.deprecated = true;
    },
    rating: 'minor',
    rules: ['house/deprecated'],
    refused: ['house/deprecation-incomplete'],
  },
  {
    name: 'new operation, since the version that introduces it',
    edit: (d) => {
      d.info.version = '1.3.0';
      d.paths['/api/v1/sites'] = {
        get: { ...d.paths[CAMERAS].get, operationId: 'listSites', 'x-novavms-since': '1.3' },
      };
    },
    rating: 'minor',
    rules: ['redocly/added'],
  },
  {
    name: 'new operation with a wrong since',
    edit: (d) => {
      d.info.version = '1.3.0';
      d.paths['/api/v1/sites'] = {
        get: { ...d.paths[CAMERAS].get, operationId: 'listSites', 'x-novavms-since': '1.0' },
      };
    },
    rating: 'minor',
    rules: ['redocly/added'],
    refused: ['house/since-of-new-operation'],
  },
  {
    name: 'since of an existing operation changed',
    edit: (d) => {
      d.paths[CAMERAS].get['x-novavms-since'] = '1.1';
    },
    rating: 'patch',
    rules: ['redocly/modified'],
    refused: ['house/since-changed'],
  },
  {
    name: 'new optional response property',
    edit: (d) => {
      d.components.schemas.Camera.properties.model = { type: 'string', maxLength: 64, pattern: '^.+$' };
    },
    rating: 'minor',
    rules: ['redocly/added'],
  },
  {
    name: 'description-only change',
    edit: (d) => {
      d.components.schemas.Camera.description = 'A camera of the organisation, as the API shows it.';
    },
    rating: 'patch',
    rules: ['redocly/modified'],
  },
  {
    name: 'the words of an error code, which the engine does not see',
    edit: (d) => {
      d.components.schemas.ErrorCode['x-novavms-errors'].RATE_LIMITED.action = 'Wait, then try again.';
    },
    rating: 'patch',
    rules: ['house/error-described'],
  },
  {
    name: 'no change at all',
    edit: () => {},
    rating: null,
    rules: [],
  },
];

const results = new Map<string, DiffResult>();

beforeAll(async () => {
  // Two at a time: each diff runs the Redocly CLI.
  const queue = [...CASES];
  const worker = async () => {
    for (let c = queue.shift(); c; c = queue.shift()) {
      const base = structuredClone(released);
      c.base?.(base);
      const revision = structuredClone(base);
      c.edit(revision);
      results.set(c.name, await diffContracts(side(base, 'base'), side(revision, 'revision'), TODAY));
    }
  };
  await Promise.all([worker(), worker()]);
}, 120_000);

/** The gate's verdict on `result` had the revision stated `version`. */
function gateAt(result: DiffResult, version: string) {
  return gate({ ...result, revision: { ...result.revision, version } });
}

const BUMPS: Record<Rating, { needs: string; oneLess: string }> = {
  major: { needs: '2.0.0', oneLess: '1.3.0' },
  minor: { needs: '1.3.0', oneLess: '1.2.1' },
  patch: { needs: '1.2.1', oneLess: '1.2.0' },
};

describe.each(CASES)('$name', (c) => {
  it(`is rated ${c.rating ?? 'no change'}${c.rules.length ? ` by ${c.rules.join(', ')}` : ''}`, () => {
    const result = results.get(c.name)!;
    expect(result.rating).toBe(c.rating);
    for (const rule of c.rules) expect(result.changes.map((ch) => ch.rule)).toContain(rule);
    expect(result.refusals.map((r) => r.rule).sort()).toEqual([...(c.refused ?? [])].sort());
  });

  if (c.refused) {
    it('is refused by the gate even with a major bump', () => {
      const verdict = gateAt(results.get(c.name)!, '2.0.0');
      expect(verdict.ok).toBe(false);
      for (const rule of c.refused!) expect(verdict.problems.join('\n')).toContain(rule);
    });
  } else if (c.rating) {
    const { needs, oneLess } = BUMPS[c.rating];
    it(`passes the gate at ${needs} and fails at ${oneLess}, naming each change and the version it needs`, () => {
      const result = results.get(c.name)!;
      expect(result.requiredVersion).toBe(needs);
      expect(gateAt(result, needs)).toEqual({ ok: true, problems: [] });
      const refused = gateAt(result, oneLess);
      expect(refused.ok).toBe(false);
      const text = refused.problems.join('\n');
      expect(text).toContain(needs);
      for (const ch of result.changes.filter((x) => x.rating === c.rating)) expect(text).toContain(ch.message);
    });
  } else {
    it('passes the gate at the released version, and at any later one', () => {
      const result = results.get(c.name)!;
      expect(gateAt(result, '1.2.0').ok).toBe(true);
      expect(gateAt(result, '1.2.1').ok).toBe(true);
      expect(gateAt(result, '1.1.9').problems.join()).toMatch(/lower than 1\.2\.0/);
    });
  }
});

describe('the gate on versions themselves', () => {
  it('refuses a version that is not MAJOR.MINOR.PATCH', () => {
    const result = results.get('description-only change')!;
    for (const version of ['1.3', 'v1.3.0', '1.3.0-beta.1', '01.3.0'])
      expect(gateAt(result, version).problems.join()).toMatch(/not MAJOR\.MINOR\.PATCH/);
  });

  it('accepts a higher bump than needed', () => {
    const result = results.get('description-only change')!;
    expect(gateAt(result, '1.3.0').ok).toBe(true);
    expect(gateAt(result, '2.0.0').ok).toBe(true);
  });

  it('keeps semver arithmetic across a minor bump: 1.3.0 with a patch change needs no more', () => {
    expect(formatSemver(parseSemver('1.3.0')!)).toBe('1.3.0');
    const result = results.get('description-only change')!;
    expect(gateAt(result, '1.2.7').ok).toBe(true);
  });
});
