/**
 * novavms-security-scope-granted: every scope a security requirement lists is granted by at
 * least one role of its scheme (the scheme's `x-novavms-roles`) or declared by its OAuth
 * flows. OAS 3.1 lets a requirement of any scheme type list scope names; a name that no role
 * grants (a typo, a scope not yet given to anyone) shuts every client out of the operation.
 * A requirement naming an undefined scheme is Redocly's `security-defined`, not this rule.
 */
import { createRulesetFunction } from '@stoplight/spectral-core';
import { isObject } from './lib/openapi.js';

/** The scopes a scheme grants: every role's list, and the scopes of every OAuth flow. */
function grantedScopes(scheme, rolesExtension) {
  const granted = new Set();
  const roles = isObject(scheme[rolesExtension]) ? Object.values(scheme[rolesExtension]) : [];
  for (const scopes of roles) if (Array.isArray(scopes)) for (const scope of scopes) granted.add(scope);
  const flows = isObject(scheme.flows) ? Object.values(scheme.flows) : [];
  for (const flow of flows)
    if (isObject(flow?.scopes)) for (const scope of Object.keys(flow.scopes)) granted.add(scope);
  return granted;
}

export default createRulesetFunction(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: { rolesExtension: { type: 'string', pattern: '^x-' } },
      required: ['rolesExtension'],
      additionalProperties: false,
    },
  },
  function scopeGranted(requirement, { rolesExtension }, context) {
    const root = context.documentInventory.resolved;
    const schemes = isObject(root?.components?.securitySchemes) ? root.components.securitySchemes : {};
    const results = [];
    for (const [name, scopes] of Object.entries(requirement)) {
      const scheme = schemes[name];
      if (!isObject(scheme) || !Array.isArray(scopes)) continue;
      const granted = grantedScopes(scheme, rolesExtension);
      scopes.forEach((scope, i) => {
        if (!granted.has(scope)) {
          results.push({ message: `No role of ${name} grants the scope "${scope}"`, path: [...context.path, name, i] });
        }
      });
    }
    return results;
  },
);
