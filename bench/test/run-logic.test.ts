import { describe, expect, it } from 'vitest';
import { type BenchOptions, benchOptions, UsageError } from '../options.js';
import { quietestAttempt } from '../quiet.js';
import { renderJson, renderReport } from '../report.js';
import { figuresOf } from '../results.js';
import { rotationRequest, TokenPool } from '../sessions.js';
import { figureTable, otherAnswers, targetTable } from '../summary.js';
import { verdicts } from '../targets.js';
import { load, sampleResults, sampleRun } from './sample-run.js';

function options(argv: string[], env: NodeJS.ProcessEnv = {}): BenchOptions {
  const parsed = benchOptions(argv, env);
  if (parsed === 'help') throw new Error('unexpected help');
  return parsed;
}

describe('options', () => {
  it('full by default; --quick or npm_config_quick (npm run bench --quick) make a short run with the same HTTP settings', () => {
    const full = options([]);
    expect(full.quick).toBe(false);
    for (const quick of [options(['--quick']), options([], { npm_config_quick: 'true' })]) {
      expect(quick.quick).toBe(true);
      expect(quick.http.connections).toBe(full.http.connections);
      expect(quick.http.pipelining).toBe(full.http.pipelining);
      expect(quick.http.durationSeconds).toBeLessThan(full.http.durationSeconds);
      expect(quick.memoryTotalRequests).toBe(5000);
      expect(quick.memoryFirstRequests).toBe(100);
    }
    expect(options([], { npm_config_quick: 'false' }).quick).toBe(false);
    expect(options([], { npm_config_quick: '' }).quick).toBe(false);
  });

  it('help, and a clear error for anything else', () => {
    expect(benchOptions(['--help'], {})).toBe('help');
    expect(() => benchOptions(['--fast'], {})).toThrow(UsageError);
    expect(() => benchOptions(['--fast'], {})).toThrow(/unknown argument "--fast"/);
  });
});

describe('quiet attempts', () => {
  it('keep the first attempt under the threshold, else the least disturbed', () => {
    expect(quietestAttempt([0.01])).toBe(0);
    expect(quietestAttempt([0.3, 0.02, 0.01])).toBe(1);
    expect(quietestAttempt([0.3, 0.2, 0.25])).toBe(1);
    expect(quietestAttempt([0.2, 0.2])).toBe(0);
    expect(() => quietestAttempt([])).toThrow(RangeError);
  });
});

describe('refresh token pool', () => {
  it('hands out each token once, oldest first, and takes the rotated ones back at the end', () => {
    const pool = new TokenPool(['a', 'b']);
    expect(pool.take()).toBe('a');
    pool.put('a2');
    expect([pool.take(), pool.take(), pool.take()]).toEqual(['b', 'a2', undefined]);
    expect(pool.size).toBe(0);
  });

  it('stays first-in first-out over many rotations', () => {
    const pool = new TokenPool(Array.from({ length: 10 }, (_, i) => `t${i}`));
    const taken: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const token = pool.take()!;
      taken.push(token);
      pool.put(`${token}'`);
    }
    expect(new Set(taken).size).toBe(taken.length);
    expect(taken.slice(0, 11)).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6', 't7', 't8', 't9', "t0'"]);
    expect(pool.size).toBe(10);
  });

  it('each request presents a fresh token with the login User-Agent; each 200 returns its successor', () => {
    const pool = new TokenPool(['rt_1']);
    const request = rotationRequest(pool);
    const first = request.setupRequest!({ method: 'POST', path: '/api/auth/refresh' }, {});
    expect(first.headers).toMatchObject({ authorization: 'Bearer rt_1', 'user-agent': expect.any(String) });
    request.onResponse!(200, JSON.stringify({ refresh_token: 'rt_2' }), {});
    request.onResponse!(401, JSON.stringify({ code: 'REFRESH_TOKEN_REUSED' }), {});
    expect(request.setupRequest!({}, {}).headers).toMatchObject({ authorization: 'Bearer rt_2' });
    expect(request.setupRequest!({}, {}).headers).not.toHaveProperty('authorization');
  });
});

describe('tables and report of a run', () => {
  it('the targets table has one row per target with its figures, ratio, limit and verdict', () => {
    const results = sampleResults();
    results.client.stubbed.sessionClient = { medianRps: 30_000, roundsRps: [30_000] };
    const table = targetTable(results, verdicts(figuresOf(results)));
    expect(table.header).toEqual(['Target', 'Measured', 'Value', 'Limit', 'Verdict']);
    expect(table.rows).toHaveLength(10);
    expect(table.rows[0]).toEqual(['API-key GET vs bare node:http', '24,000/s vs 40,000/s', '0.600×', '≥ 0.5×', 'met']);
    expect(table.rows[9]).toEqual([
      'Client (session) vs plain fetch, stubbed',
      '30,000/s vs 50,000/s',
      '0.600×',
      '≥ 0.8×',
      'MISSED',
    ]);
    expect(table.rows[3]![1]).toContain('2 × 401');
  });

  it('other answers are counted by status, errors apart', () => {
    expect(otherAnswers(load(1))).toBe('no other answers');
    expect(otherAnswers({ ...load(1, [1], { 503: 1, 401: 3 }), errors: 2 })).toBe('3 × 401, 1 × 503, 2 errors');
  });

  it('the figures table has every measurement without a target', () => {
    const rows = figureTable(sampleResults()).rows.map((row) => row[0]);
    expect(rows).toEqual(
      expect.arrayContaining([
        'GET /api/v1/cameras, Prism (npm run mock)',
        'npm run lint, wall time',
        'Client over loopback, session',
      ]),
    );
  });

  it('the report records the command, the date, the machine, the settings and both tables', () => {
    const run = sampleRun(options(['--quick']));
    const report = renderReport(run, verdicts(figuresOf(run.results)), 'benchmarks.json');
    expect(report).toContain('Recorded with `npm run bench -- --quick` on 2026-11-29T10:00:00Z');
    expect(report).toContain('Test CPU @ 2.00GHz, 2 cores, 8.0 GiB RAM');
    expect(report).not.toContain('Notes on missed targets');
    expect(report).toContain('Node v20.20.2, Test Linux 12');
    expect(report).toContain(`${run.options.http.connections} connections, pipelining 1 and 3 s per measurement`);
    expect(report).toContain('10 of 10 targets met');
    expect(report).toContain('| API-key GET vs bare node:http | 24,000/s vs 40,000/s | 0.600× | ≥ 0.5× | met |');
    expect(report).toContain('repeated because of them: get-bare');
  });

  it('a missed client target is explained with the floor of openapi-fetch from the same run', () => {
    const results = sampleResults();
    results.client.stubbed.apiKeyClient = { medianRps: 30_000, roundsRps: [30_000] };
    const run = sampleRun(options([]), results);
    const report = renderReport(run, verdicts(figuresOf(results)), 'benchmarks.json');
    expect(report).toContain('## Notes on missed targets');
    expect(report).toContain('that alone reaches 0.900× of plain fetch in this run');
    expect(report).toContain('the API-key client keeps 0.667×');
  });

  it('the JSON holds the whole run and the verdicts, unrounded', () => {
    const run = sampleRun(options([]));
    const parsed = JSON.parse(renderJson(run, verdicts(figuresOf(run.results))));
    expect(parsed.command).toBe('npm run bench');
    expect(parsed.machine.cores).toBe(2);
    expect(parsed.results.get.bare.okPerSecond).toBe(40_000);
    expect(parsed.verdicts).toHaveLength(10);
    expect(parsed.verdicts[0]).toMatchObject({ id: 'api-key-vs-bare', value: 0.6, met: true });
  });
});
