import { describe, expect, it } from 'vitest';
import { summary } from '../load.js';
import { type Figures, meets, percentile, quietest, report, TARGETS, table, verdicts, withRecord } from '../report.js';
import { rotation } from '../servers.js';

/** A run that meets every target with some margin, to change one figure at a time. */
function figures(change: Partial<Figures> = {}): Figures {
  return {
    ...{ bare10: 40_000, bare50: 42_000, apiKey10: 32_000, apiKey50: 33_600, jwt10: 30_000, jwt50: 31_500 },
    ...{ bareJwt10: 39_000, bareJwt50: 41_000 },
    ...{ prism: 1_000, refresh: 6_000, loginP50: 11, hashP50: 10, idleP99: 0.2, underLoginsP99: 0.25 },
    ...{ startupMs: 350, heapBefore: 10_000_000, heapAfter: 10_200_000 },
    ...{ stubOpenapiFetch: 30_000, stubOpenapiFetchToken: 29_000, stubApiKey: 28_000, stubSession: 27_000 },
    ...{ loopbackFetchKey: 5_000, loopbackApiKey: 4_700, loopbackFetchToken: 5_000, loopbackSession: 4_600 },
    ...change,
  };
}
const verdict = (label: string, runs: Figures[]) => verdicts(runs).find((v) => v.label.startsWith(label))!;

describe('percentiles and attempts', () => {
  it('nearest rank: the smallest measured value with at least p % at or below it, never an interpolation', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect([percentile(hundred, 50), percentile(hundred, 99), percentile(hundred, 100)]).toEqual([50, 99, 100]);
    expect([percentile([10, 20, 30, 40], 50), percentile([10, 20, 30, 40], 51)]).toEqual([20, 30]);
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
  });

  it('a load summary counts the 200s over its time', () => {
    expect(summary([4, 1, 3, 2], 2)).toMatchObject({ rps: 2, ok: 4, p50: 2, p99: 4 });
    expect(summary([], 1).p50).toBeNaN();
  });

  it('keep the first quiet attempt, else the least disturbed, whatever was measured', () => {
    expect(quietest([0.01], 0.05)).toBe(0);
    expect(quietest([0.3, 0.02, 0.01], 0.05)).toBe(1);
    expect(quietest([0.3, 0.2, 0.25], 0.05)).toBe(1);
    expect(() => quietest([], 0.05)).toThrow(RangeError);
  });
});

describe('targets', () => {
  it('are the limits the performance issues set', () => {
    expect(TARGETS.map((t) => [t.label.split(',')[0], t.atMost ? '≤' : '≥', t.limit])).toEqual([
      ['API-key GET vs bare node:http', '≥', 0.7],
      ['User-JWT GET vs bare node:http', '≥', 0.7],
      ['API-key GET vs bare node:http', '≥', 0.7],
      ['User-JWT GET vs bare node:http', '≥', 0.7],
      ['API-key GET vs Prism', '≥', 30],
      ['User-JWT GET vs Prism', '≥', 30],
      ['Refresh (rotation)', '≥', 5000],
      ['Login p50 vs raw argon2id hash p50', '≤', 1.2],
      ['GET p99 while logins saturate the server vs idle', '≤', 1.5],
      ['Start-up to first 200 (median)', '≤', 500],
      ['Heap growth over 20k requests', '≤', 0.05],
      ['SDK with an API key vs openapi-fetch', '≥', 0.9],
      ['SDK with a session vs openapi-fetch with its access token', '≥', 0.85],
      ['SDK with an API key vs plain fetch', '≥', 0.9],
      ['SDK with a session vs plain fetch', '≥', 0.9],
    ]);
  });

  it('are all met by the sample run, each the ratio of its own two figures', () => {
    const all = verdicts([figures()]);
    expect(all.filter((v) => !v.met).map((v) => v.label)).toEqual([]);
    expect(verdict('API-key GET vs bare node:http, 50', [figures()]).value).toBeCloseTo(0.8);
    expect(verdict('User-JWT GET vs Prism', [figures()]).value).toBeCloseTo(30);
    expect(verdict('Heap growth', [figures()]).value).toBeCloseTo(0.02);
    expect(verdict('SDK with a session vs plain fetch', [figures()]).value).toBeCloseTo(0.92);
  });

  it('each follows its figures, and only its own', () => {
    const slowBare = verdicts([figures({ apiKey50: 29_000 })]);
    expect(slowBare.filter((v) => !v.met).map((v) => v.label)).toEqual([
      'API-key GET vs bare node:http, 50 connections',
    ]);
    expect(verdict('Login p50', [figures({ loginP50: 12.5 })]).met).toBe(false);
    expect(verdict('GET p99 while', [figures({ underLoginsP99: 0.31 })]).met).toBe(false);
    expect(verdict('Start-up', [figures({ startupMs: 501 })]).met).toBe(false);
    expect(verdict('Heap growth', [figures({ heapAfter: 10_600_000 })]).met).toBe(false);
    expect(verdict('Refresh', [figures({ refresh: 4_999 })]).met).toBe(false);
    // The session is measured against openapi-fetch sending the same access token, not the key.
    const session = verdict('SDK with a session vs openapi-fetch', [figures({ stubOpenapiFetchToken: 32_000 })]);
    expect([session.value, session.met]).toEqual([27_000 / 32_000, false]);
    expect(verdict('SDK with a session vs openapi-fetch', [figures({ stubOpenapiFetch: 40_000 })]).met).toBe(true);
  });

  it('are met exactly on the limit, missed just past it, and never by a NaN or an infinity', () => {
    expect([meets(0.7, 0.7), meets(0.6999, 0.7), meets(1.5, 1.5, true), meets(1.5001, 1.5, true)]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([meets(Number.NaN, 1, true), meets(Number.POSITIVE_INFINITY, 1)]).toEqual([false, false]);
    expect(verdict('API-key GET vs bare node:http, 10', [figures({ bare10: 0 })]).met).toBe(false);
  });
});

describe('several runs', () => {
  it('judge the median, and call a target steady only when every run lies within ±10 % of it', () => {
    const runs = [figures({ apiKey10: 28_000 }), figures({ apiKey10: 32_000 }), figures({ apiKey10: 34_000 })];
    const v = verdict('API-key GET vs bare node:http, 10', runs);
    expect(v.values.map((x) => x.toFixed(2))).toEqual(['0.70', '0.80', '0.85']);
    expect(v).toMatchObject({ value: 0.8, met: true, steady: false });
    expect(v.spread).toBeCloseTo(0.125);
    expect(verdict('User-JWT GET vs bare node:http, 10', runs)).toMatchObject({ spread: 0, steady: true });
    expect(v.row[1]).toBe('runs 0.700×, 0.800×, 0.850×; spread ±12.5 % UNSTEADY; median run 32,000/s vs 40,000/s');
  });
});

describe('report and record', () => {
  const info = {
    ...{ command: 'npm run bench -- --quick', date: '2026-12-01T10:00:00Z', node: 'v20.20.2', machine: 'Test CPU' },
    ...{ settings: '3 s', seconds: 90, busyBefore: 0.01, busyAfter: 0.02, threshold: 0.05 },
  };
  const pass = {
    figures: figures(),
    rows: [['Prism', '1,000/s']] as [string, string][],
    disturbance: { x: [0.3, 0.01] },
  };

  it('tables align by characters ("≥" counts as one) and escape pipes in Markdown', () => {
    expect(table(['a', 'b'], [['≥ 1', 'x|y']], false)).toBe('a    b\n---  ---\n≥ 1  x|y');
    expect(table(['a', 'b'], [['≥ 1', 'x|y']], true)).toBe('| a | b |\n|---|---|\n| ≥ 1 | x\\|y |');
    expect(() => table(['a', 'b'], [['1']], false)).toThrow();
  });

  it('says where it ran, which Node, how disturbed, and every target with its verdict', () => {
    const text = report(info, [pass], true);
    expect(text).toMatch(/^## Node v20\.20\.2\n/);
    expect(text).toContain('`npm run bench -- --quick` on 2026-12-01T10:00:00Z');
    expect(text).toContain('15 of 15 targets met');
    expect(text).toContain(
      '1.00 % just before the run, 2.00 % just after; 1.00 % to 1.00 % (median 1.00 %) during the kept attempts; repeated: all',
    );
    expect(text).toContain(
      '| API-key GET vs bare node:http, 10 connections | 32,000/s vs 40,000/s | 0.800× | ≥ 0.7× | met |',
    );
    expect(text).toContain('| Prism | 1,000/s |');
    expect(text).toContain('Every measurement kept an attempt that other programs left quiet.');
    const busy = report(info, [{ ...pass, disturbance: { x: [0.3, 0.2], y: [0.01] } }], true);
    expect(busy).toContain('**Disturbed.** 1 of 2 measurements could only keep an attempt during which other programs');
    expect(busy).toContain('repeated: x');
  });

  it('keeps one record per Node major line below the hand-written text, newest first', () => {
    const first = withRecord('', 20, '## Node v20.1.0\n\nold');
    expect(first).toBe(
      '# Benchmarks\n\n<!-- record: Node 20 -->\n## Node v20.1.0\n\nold\n<!-- end of record: Node 20 -->\n',
    );
    const doc = withRecord(first.replace('# Benchmarks', '# Benchmarks\n\nHow they are made.'), 24, '## Node v24.2.0');
    const again = withRecord(doc, 20, '## Node v20.2.0\n\nnew');
    expect(again).toContain('How they are made.');
    expect(again.indexOf('Node v24.2.0')).toBeLessThan(again.indexOf('Node v20.2.0'));
    expect(again).not.toContain('old');
    expect(again.match(/<!-- record: Node \d+ -->/g)).toEqual(['<!-- record: Node 24 -->', '<!-- record: Node 20 -->']);
  });
});

describe('refresh rotation', () => {
  it('presents each token once, oldest first, and queues the rotated one a 200 returns', () => {
    const request = rotation(['rt_1', 'rt_2']);
    const next = () => request.setupRequest!({}).headers?.authorization;
    expect(next()).toBe('Bearer rt_1');
    request.onResponse!(200, JSON.stringify({ refresh_token: 'rt_3' }));
    request.onResponse!(401, JSON.stringify({ code: 'REFRESH_TOKEN_REUSED' }));
    expect([next(), next(), next()]).toEqual(['Bearer rt_2', 'Bearer rt_3', undefined]);
  });
});
