/** rule/novavms-request-body-closed (Redocly): request body schemas set additionalProperties: false. */
import { edit, testRule } from './support/house-rules.js';

testRule('rule/novavms-request-body-closed', [
  {
    name: 'accepts the base fixture (and open response schemas are not its business)',
    change: edit('openapi/components/schemas/WidgetList.yaml', (doc) => {
      delete doc.additionalProperties;
    }),
    errors: [],
  },
  {
    name: 'reports a request body schema that allows unknown fields',
    change: edit('openapi/components/schemas/LoginRequest.yaml', (doc) => {
      doc.additionalProperties = true;
    }),
    errors: [
      {
        file: 'openapi/components/schemas/LoginRequest.yaml',
        pointer: '#/additionalProperties',
        message: 'Set `additionalProperties: false` on the request body schema',
      },
    ],
  },
  {
    name: 'reports a request body schema that does not say',
    change: edit('openapi/components/schemas/ApiKeyCreateRequest.yaml', (doc) => {
      delete doc.additionalProperties;
    }),
    // Redocly points at the missing property itself.
    errors: [
      {
        file: 'openapi/components/schemas/ApiKeyCreateRequest.yaml',
        pointer: '#/additionalProperties',
        message: 'Set `additionalProperties: false`',
      },
    ],
  },
]);
