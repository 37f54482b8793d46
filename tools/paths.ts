import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, so that scripts work from any working directory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const specRoot = path.join(repoRoot, 'openapi', 'openapi.yaml');
export const generatedDir = path.join(repoRoot, 'generated');
/** The Python client's package folder, where `npm run generate` writes its generated modules. */
export const pythonPackageDir = path.join(repoRoot, 'python', 'src', 'novavms');
