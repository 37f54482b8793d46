import type { OpenAPI3 } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { requestSchemaNames, schemaTypes } from '../../tools/generate/schema-types.js';

/** A contract in miniature: one schema only a request body uses, one only a response uses, one both. */
const spec = {
  openapi: '3.1.0',
  info: { title: 'fixture', version: '1.0.0' },
  paths: {
    '/things': {
      post: {
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingCreate' } } },
        },
        responses: {
          '201': {
            description: 'made',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      ThingCreate: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          size: { $ref: '#/components/schemas/Size' },
          loud: { type: 'boolean', default: false },
        },
      },
      Size: { type: 'object', properties: { unit: { type: 'string', default: 'cm' } } },
      Thing: { type: 'object', properties: { name: { type: 'string' }, colour: { type: 'string', default: 'red' } } },
    },
  },
} as unknown as OpenAPI3;

describe('generated/schema.d.ts: defaults in requests and responses', () => {
  it('finds the schemas a request body reaches, through references', () => {
    expect([...requestSchemaNames(spec)].sort()).toEqual(['Size', 'ThingCreate']);
  });

  it('keeps a property with a default optional in request schemas and required in response-only ones', async () => {
    const source = await schemaTypes(spec);
    expect(source).toMatch(/loud\?: boolean;/);
    expect(source).toMatch(/unit\?: string;/);
    expect(source).toMatch(/colour: string;/);
    expect(source).toMatch(/name: string;/);
  });
});
