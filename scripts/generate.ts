/**
 * `npm run generate`: bundles openapi/ into generated/openapi.{json,yaml} and derives
 * generated/schema.d.ts (openapi-typescript) and generated/contract.ts (constants).
 * `--out DIR` writes elsewhere.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generate } from '../tools/generate/generate.js';
import { generatedDir } from '../tools/paths.js';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outDir = values.out ? path.resolve(values.out) : generatedDir;
const written = await generate(outDir);
console.log(`generated ${written.map((f) => path.join(path.relative(process.cwd(), outDir) || '.', f)).join(', ')}`);
