/**
 * `npm run generate`: bundles openapi/ into generated/openapi.{json,yaml} and derives
 * generated/schema.d.ts (openapi-typescript), generated/contract.ts (constants) and the
 * Python client's generated modules in python/src/novavms/. `--out DIR` writes everything
 * under DIR instead (the Python modules in DIR/python).
 */
import path from 'node:path';
import { commandLine } from '../tools/command-line.js';
import { generate } from '../tools/generate/generate.js';
import { generatedDir, pythonPackageDir } from '../tools/paths.js';

const { values } = commandLine('generate', { options: { out: { type: 'string' } } });
const outDir = values.out ? path.resolve(values.out) : generatedDir;
const pythonOutDir = values.out ? path.join(outDir, 'python') : pythonPackageDir;
const written = await generate(outDir, undefined, pythonOutDir);
console.log(`generated ${written.map((f) => path.relative(process.cwd(), f)).join(', ')}`);
