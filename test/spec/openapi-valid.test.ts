import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { spec } from '../support/openapi.js';

describe('generated/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document according to an independent validator (not Redocly)', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(spec));
    expect(validator.version).toBe('3.1');
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is rejected by the same validator when it is broken, so the check above can fail', async () => {
    const broken = structuredClone(spec);
    broken.paths['/api/v1/cameras'].get.responses = 'none';
    const result = await new Validator().validate(broken);
    expect(result.valid).toBe(false);
  });
});
