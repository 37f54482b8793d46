/** novavms-credential-lifetime: bearer and cookie schemes state ISO-8601 lifetimes; JWT schemes cite RFC 8725. */
import { edit, testRule } from './support/house-rules.js';

const ROOT = 'openapi/openapi.yaml';
const SCHEMES = '#/components/securitySchemes';

testRule('novavms-credential-lifetime', [
  { name: 'accepts the base fixture (durations and never)', errors: [] },
  {
    name: 'accepts a header API-key scheme without a lifetime: it is neither bearer nor cookie',
    change: edit(ROOT, (doc) => {
      doc.components.securitySchemes.PartnerKey = { type: 'apiKey', in: 'header', name: 'X-Partner-Key' };
    }),
    errors: [],
  },
  {
    name: 'reports a cookie scheme without x-novavms-lifetime',
    change: edit(ROOT, (doc) => {
      delete doc.components.securitySchemes.RefreshCookie['x-novavms-lifetime'];
    }),
    errors: [{ file: ROOT, pointer: `${SCHEMES}/RefreshCookie`, message: 'declares no x-novavms-lifetime' }],
  },
  {
    name: 'reports a lifetime without its default',
    change: edit(ROOT, (doc) => {
      delete doc.components.securitySchemes.ApiKey['x-novavms-lifetime'].default;
    }),
    errors: [
      { file: ROOT, pointer: `${SCHEMES}/ApiKey/x-novavms-lifetime`, message: 'x-novavms-lifetime has no default' },
    ],
  },
  ...['1 hour', 'PT', 'P1DT', 'PT1H30', 3600].map((value) => ({
    name: `reports ${JSON.stringify(value)}, which is not an ISO-8601 duration`,
    change: edit(ROOT, (doc) => {
      doc.components.securitySchemes.RefreshCookie['x-novavms-lifetime'].remember_me = value;
    }),
    errors: [
      {
        file: ROOT,
        pointer: `${SCHEMES}/RefreshCookie/x-novavms-lifetime/remember_me`,
        message: 'not an ISO-8601 duration or "never"',
      },
    ],
  })),
  {
    name: 'reports a JWT scheme whose description does not cite RFC 8725',
    change: edit(ROOT, (doc) => {
      doc.components.securitySchemes.UserToken.description = 'A user access token, an ES256 JWT.';
    }),
    errors: [{ file: ROOT, pointer: `${SCHEMES}/UserToken`, message: 'does not cite RFC 8725' }],
  },
]);
