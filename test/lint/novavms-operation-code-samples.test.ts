/** rule/novavms-operation-code-samples (Redocly): every operation has curl, TypeScript and Python samples. */
import { edit, testRule } from './support/house-rules.js';

const KEYS = 'openapi/paths/v1_keys.yaml';
const ADD = 'Add x-codeSamples with curl, TypeScript and Python';

testRule('rule/novavms-operation-code-samples', [
  { name: 'accepts the base fixture', errors: [] },
  {
    name: 'reports an operation without x-codeSamples',
    change: edit(KEYS, (doc) => {
      delete doc.post['x-codeSamples'];
    }),
    // Redocly points at the missing property itself.
    errors: [{ file: KEYS, pointer: '#/post/x-codeSamples', message: ADD }],
  },
  {
    name: 'reports an operation with fewer than three samples',
    change: edit(KEYS, (doc) => {
      doc.post['x-codeSamples'].pop();
    }),
    errors: [{ file: KEYS, pointer: '#/post/x-codeSamples', message: ADD }],
  },
]);
