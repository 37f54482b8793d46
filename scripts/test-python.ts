/**
 * `npm run test:python`: the Python client's suite (mypy --strict, then pytest against the
 * reference server, including the wheel and sdist build). Fails loudly when Debian's Python
 * tooling is missing.
 *
 *   --python PATH     the interpreter (default /usr/bin/python3, which sees Debian's packages)
 *   --no-packaging    skip building and installing the wheel (quicker local runs)
 *   other arguments   go to pytest (test files, -k EXPRESSION, …)
 */

import { commandLine } from '../tools/command-line.js';
import { debianPython, runPythonSuite } from '../tools/python.js';

const { values, positionals } = commandLine('test:python', {
  options: { python: { type: 'string' }, 'no-packaging': { type: 'boolean' } },
  allowPositionals: true,
});
process.exitCode = runPythonSuite({
  python: values.python ?? debianPython,
  packaging: !values['no-packaging'],
  pytestArgs: positionals,
});
