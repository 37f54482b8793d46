import { describe, expect, it } from 'vitest';
import { firstError, type Json, operations, pointerOf, resolve, spec, validatorAt } from '../support/openapi.js';

interface ExampleCase {
  where: string;
  schemaPointer: string;
  value: unknown;
}

/** Every named example of the spec, with the pointer of the schema it must satisfy. */
function exampleCases(): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const fromMedia = (where: string, pointer: string[], media: Json) => {
    for (const [name, example] of Object.entries<Json>(media.examples ?? {})) {
      cases.push({
        where: `${where} example ${name}`,
        schemaPointer: pointerOf(...pointer, 'schema'),
        value: resolve(example).value,
      });
    }
  };
  for (const { path, method, operation, parameters } of operations()) {
    const op = ['paths', path, method];
    const body = operation.requestBody && resolve(operation.requestBody);
    for (const [type, media] of Object.entries<Json>(body?.content ?? {})) {
      const at = operation.requestBody.$ref
        ? operation.requestBody.$ref.slice(1).split('/').slice(1)
        : [...op, 'requestBody'];
      fromMedia(`${operation.operationId} request ${type}`, [...at, 'content', type], media);
    }
    for (const [status, responseRef] of Object.entries<Json>(operation.responses)) {
      const response = resolve(responseRef);
      const at: string[] = responseRef.$ref ? responseRef.$ref.slice(2).split('/') : [...op, 'responses', status];
      for (const [type, media] of Object.entries<Json>(response.content ?? {})) {
        fromMedia(`${operation.operationId} ${status} ${type}`, [...at, 'content', type], media);
      }
      for (const [name, headerRef] of Object.entries<Json>(response.headers ?? {})) {
        const header = resolve(headerRef);
        if (header.example !== undefined) {
          const hAt = headerRef.$ref ? headerRef.$ref.slice(2).split('/') : [...at, 'headers', name];
          cases.push({
            where: `${operation.operationId} ${status} header ${name}`,
            schemaPointer: pointerOf(...hAt, 'schema'),
            value: header.example,
          });
        }
      }
    }
    for (const parameter of parameters) {
      if (parameter.example === undefined) continue;
      const name = Object.entries<Json>(spec.components.parameters).find(([, p]) => p === parameter)?.[0];
      if (!name) throw new Error(`parameter ${parameter.name} of ${operation.operationId} is not a shared component`);
      cases.push({
        where: `${operation.operationId} parameter ${parameter.name}`,
        schemaPointer: pointerOf('components', 'parameters', name, 'schema'),
        value: parameter.example,
      });
    }
  }
  return cases;
}

const cases = exampleCases();

describe('examples', () => {
  it('exist in numbers: at least one per operation response body', () => {
    expect(cases.length).toBeGreaterThan(40);
  });

  it.each(cases.map((c) => [c.where, c] as const))('%s validates against its schema', (_where, c) => {
    const validate = validatorAt(c.schemaPointer);
    const ok = validate(c.value);
    expect(ok, firstError(validate)).toBe(true);
  });

  it('a wrong example would be caught: a Problem without `code` does not validate', () => {
    const validate = validatorAt('/components/schemas/Problem');
    const example = structuredClone(resolve({ $ref: '#/components/examples/NotFoundExample' }).value);
    delete example.code;
    expect(validate(example)).toBe(false);
  });

  it('every named example has a summary, and operation examples are named after their operationId', () => {
    const problems: string[] = [];
    for (const [name, example] of Object.entries<Json>(spec.components.examples)) {
      if (!example.summary) problems.push(`${name} has no summary`);
    }
    for (const { operationId, operation } of operations()) {
      const prefix = operationId[0]!.toUpperCase() + operationId.slice(1);
      const refs: string[] = [];
      const body = operation.requestBody && resolve(operation.requestBody);
      for (const media of Object.values<Json>(body?.content ?? {}))
        refs.push(...Object.values<Json>(media.examples ?? {}).map((e) => e.$ref));
      for (const [status, response] of Object.entries<Json>(operation.responses)) {
        if (!status.startsWith('2')) continue;
        for (const media of Object.values<Json>(resolve(response).content ?? {}))
          refs.push(...Object.values<Json>(media.examples ?? {}).map((e) => e.$ref));
      }
      for (const ref of refs) {
        const name = String(ref).split('/').pop()!;
        if (!name.startsWith(prefix) || !/(Request|Response)Example$/.test(name))
          problems.push(`${operationId}: example ${name} should be ${prefix}…RequestExample or …ResponseExample`);
      }
    }
    expect(problems).toEqual([]);
  });
});
