/**
 * Runs before each contract test file: records that the file ran, so that the global
 * teardown gates coverage only on a full run.
 */
import { expect, inject } from 'vitest';
import { appendRecord } from './run-record.js';

const target = inject('novavmsTarget');
const file = expect.getState().testPath;
if (target && file) appendRecord(target.runDir, { kind: 'file', file });
