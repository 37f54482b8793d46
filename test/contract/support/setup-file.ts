/**
 * Runs before each contract test file: records that the file ran, so that the global
 * teardown gates coverage only on a full run.
 */
import { beforeAll, expect, inject } from 'vitest';
import { resetQuotas } from './mock-control.js';
import { appendRecord } from './run-record.js';

const target = inject('novavmsTarget');
const file = expect.getState().testPath;
if (target && file) appendRecord(target.runDir, { kind: 'file', file });
// Each file starts with empty request-quota counters where the target can empty them.
beforeAll(async () => {
  if (target?.capabilities.mockControl) await resetQuotas(target);
});
