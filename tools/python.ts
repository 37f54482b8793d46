/**
 * The Python client's suite, `npm run test:python`: checks that Debian's Python tooling is
 * there (and fails, naming the missing packages and the apt-get line, when it is not), then
 * runs `mypy --strict` over the package and its typed usage file, then pytest, whose tests
 * start the reference server and build and install the wheel.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';

/** Debian's packages the suite needs, by the Python module that shows each is installed. */
const pythonPackages: Record<string, string> = {
  httpx: 'python3-httpx',
  pytest: 'python3-pytest',
  mypy: 'mypy',
  build: 'python3-build',
  hatchling: 'python3-hatchling',
  ensurepip: 'python3-venv',
};

/** The interpreter that sees Debian's packages (another `python3` may come first on PATH). */
export const debianPython = '/usr/bin/python3';

export interface PythonSuiteOptions {
  python: string;
  /** Also build the wheel and the sdist and install the wheel into a fresh venv. */
  packaging: boolean;
  /** Passed to pytest (test files, `-k EXPRESSION`, …). */
  pytestArgs: string[];
}

const projectDir = path.join(repoRoot, 'python');

/** The Debian packages that `python` is missing, or a sentence saying why it cannot be used. */
function missingPythonTooling(python: string): string[] | string {
  if (!existsSync(python)) return `${python} does not exist`;
  const probe = [
    'import importlib, json, sys',
    'missing = []',
    `for name in ${JSON.stringify(Object.keys(pythonPackages))}:`,
    '    try:',
    '        module = importlib.import_module(name)',
    '        if name == "ensurepip": module.version()',
    '    except Exception:',
    '        missing.append(name)',
    'print(json.dumps({"version": list(sys.version_info[:2]), "missing": missing}))',
  ].join('\n');
  const result = spawnSync(python, ['-c', probe], { encoding: 'utf8' });
  if (result.status !== 0)
    return `${python} does not run: ${result.stderr?.trim() || result.error?.message || `exit status ${result.status}`}`;
  const { version, missing } = JSON.parse(result.stdout) as { version: [number, number]; missing: string[] };
  if (version[0] < 3 || (version[0] === 3 && version[1] < 11))
    return `${python} is Python ${version.join('.')}, not 3.11 or later`;
  return missing.map((module) => pythonPackages[module]!);
}

function step(title: string, command: string, args: string[]): boolean {
  console.log(`\n--- ${title}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: projectDir,
    stdio: 'inherit',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (result.error) console.error(`test:python: ${command} could not run: ${result.error.message}`);
  return result.status === 0;
}

/** Runs the suite; resolves with the exit code (0 when mypy and pytest pass). */
export function runPythonSuite(options: PythonSuiteOptions): number {
  const missing = missingPythonTooling(options.python);
  if (typeof missing === 'string' || missing.length > 0) {
    const packages = Object.values(pythonPackages).join(' ');
    console.error(
      typeof missing === 'string'
        ? `test:python: ${missing}.`
        : `test:python: the Python tooling is missing: ${missing.join(', ')} (for ${options.python}).`,
    );
    console.error(`Install Debian's packages: apt-get install -y ${packages}`);
    return 1;
  }
  const typed = step('mypy --strict (the package and tests/typing/usage.py)', options.python, ['-m', 'mypy']);
  const pytestArgs = [...(options.packaging ? [] : ['-m', 'not packaging']), ...options.pytestArgs];
  const tested = step('pytest against the reference server', options.python, ['-m', 'pytest', ...pytestArgs]);
  if (!typed || !tested) {
    console.error(`\ntest:python: FAILED (${[!typed && 'mypy', !tested && 'pytest'].filter(Boolean).join(' and ')})`);
    return 1;
  }
  console.log('\ntest:python: mypy and pytest passed');
  return 0;
}
