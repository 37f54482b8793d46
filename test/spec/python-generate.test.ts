/**
 * The Python client's generator (tools/generate/python.ts) on contracts that differ from ours in
 * the ways it must handle: a deprecated operation, an optional body property that takes null,
 * property names that are no Python identifiers, a model used before it is defined. The output
 * must compile with Python, and an unsupported shape must be a clear error.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pythonSources } from '../../tools/generate/python.js';
import { type Json, spec } from '../support/openapi.js';

const PYTHON = '/usr/bin/python3';

function variant(change: (copy: Json) => void): Json {
  const copy = structuredClone(spec);
  change(copy);
  return copy;
}

/** Compiles each generated module with Python (syntax only: nothing is imported). */
function compiles(files: Record<string, string>): void {
  if (!existsSync(PYTHON)) {
    if (process.env.CI) throw new Error(`${PYTHON} is missing: install python3 (CI needs it for this test)`);
    console.warn(`skipping the Python compile check: ${PYTHON} is missing`);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'novavms-python-generate-'));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    const names = Object.keys(files).map((name) => path.join(dir, name));
    execFileSync(PYTHON, ['-c', 'import ast, sys\nfor f in sys.argv[1:]: ast.parse(open(f).read(), f)', ...names]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the Python generator', () => {
  it('writes every operation of our contract, each module starting with the header', () => {
    const files = pythonSources(spec, 'HEADER');
    for (const content of Object.values(files)) expect(content.split('\n')[0]).toBe('# HEADER');
    for (const item of Object.values(spec.paths as Json))
      for (const op of Object.values(item as Json) as Json[])
        if (op?.operationId) expect(files['_contract.py']).toContain(`"${op.operationId}": Operation(`);
    compiles(files);
  });

  it('carries a deprecation into the table and the docstring', () => {
    const files = pythonSources(
      variant((s) => {
        s.paths['/api/v1/cameras'].get.deprecated = true;
        s.paths['/api/v1/cameras'].get['x-novavms-deprecation'] = {
          announced: '2027-01-01T00:00:00Z',
          sunset: '2027-07-01T00:00:00Z',
          replacement: 'searchCameras',
        };
      }),
      'HEADER',
    );
    expect(files['_contract.py']).toContain(
      'deprecation=Deprecation(announced="2027-01-01T00:00:00Z", sunset="2027-07-01T00:00:00Z", replacement="searchCameras")',
    );
    expect(files['_operations.py']).toMatch(
      /Deprecated since 2027-01-01T00:00:00Z, removed after\s+2027-07-01T00:00:00Z/,
    );
    compiles(files);
  });

  it('leaves out an optional body value that takes null with OMIT, not None', () => {
    const files = pythonSources(
      variant((s) => {
        s.components.schemas.ServiceAccountCreateRequest.properties.description = {
          anyOf: [{ type: 'string' }, { type: 'null' }],
        };
      }),
      'HEADER',
    );
    expect(files['_operations.py']).toContain('description: str | None | Omit = OMIT');
    expect(files['_operations.py']).toContain('from ._base import AsyncBase, OMIT, Omit, SyncBase');
    compiles(files);
  });

  it('writes a TypedDict whose keys are no Python names in the functional form, and quotes a model named before it exists', () => {
    const files = pythonSources(
      variant((s) => {
        s.components.schemas.Camera.properties.from = { type: 'string' };
        s.components.schemas.Camera.properties['x-site'] = { type: 'string' };
        s.components.schemas.ClientType = {
          type: 'object',
          properties: { next: { $ref: '#/components/schemas/Zebra' } },
        };
        s.components.schemas.Zebra = {
          type: 'object',
          properties: { back: { $ref: '#/components/schemas/ClientType' } },
        };
      }),
      'HEADER',
    );
    expect(files['models.py']).toContain('Camera = TypedDict(\n    "Camera",');
    expect(files['models.py']).toContain('"from": NotRequired[str],');
    expect(files['models.py']).toMatch(/back: NotRequired\["ClientType"\]|next: NotRequired\["Zebra"\]/);
    compiles(files);
  });

  it('refuses what it cannot express, naming it', () => {
    expect(() =>
      pythonSources(
        variant((s) => {
          s.components.schemas.Camera.properties.inline = { type: 'object', properties: { a: { type: 'string' } } };
        }),
        'HEADER',
      ),
    ).toThrow(/inline object with properties/);
    expect(() =>
      pythonSources(
        variant((s) => {
          s.components.schemas.class = { type: 'string' };
        }),
        'HEADER',
      ),
    ).toThrow(/schema name class cannot be a Python name/);
  });
});
