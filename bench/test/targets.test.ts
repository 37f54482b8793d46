import { describe, expect, it } from 'vitest';
import { figuresOf } from '../results.js';
import { meets, TARGETS, verdicts } from '../targets.js';
import { load, sampleResults } from './sample-run.js';

function verdict(id: string, results = sampleResults()) {
  const found = verdicts(figuresOf(results)).find((v) => v.id === id);
  if (!found) throw new Error(`no target ${id}`);
  return found;
}

describe('targets of the benchmarks issue', () => {
  it('are the ten ratios and limits the issue sets', () => {
    expect(TARGETS.map((t) => [t.id, t.comparison, t.limit])).toEqual([
      ['api-key-vs-bare', 'at-least', 0.5],
      ['api-key-vs-prism', 'at-least', 10],
      ['jwt-vs-bare', 'at-least', 0.4],
      ['refresh-rate', 'at-least', 2000],
      ['login-vs-hash', 'at-most', 1.3],
      ['p99-under-login', 'at-most', 1.5],
      ['startup', 'at-most', 1000],
      ['heap-growth', 'at-most', 0.05],
      ['client-api-key', 'at-least', 0.8],
      ['client-session', 'at-least', 0.8],
    ]);
  });

  it('are all met by the sample run, each with the ratio of its two figures', () => {
    const all = verdicts(figuresOf(sampleResults()));
    expect(all.every((v) => v.met)).toBe(true);
    expect(verdict('api-key-vs-bare').value).toBeCloseTo(0.6);
    expect(verdict('api-key-vs-prism').value).toBeCloseTo(16);
    expect(verdict('jwt-vs-bare').value).toBeCloseTo(0.75);
    expect(verdict('refresh-rate').value).toBe(3000);
    expect(verdict('heap-growth').value).toBeCloseTo(0.03);
    expect(verdict('client-api-key').value).toBeCloseTo(0.84);
  });

  it('meet a limit exactly on it and miss it just past it, in either direction', () => {
    expect(meets(0.5, 'at-least', 0.5)).toBe(true);
    expect(meets(0.4999, 'at-least', 0.5)).toBe(false);
    expect(meets(1.3, 'at-most', 1.3)).toBe(true);
    expect(meets(1.3001, 'at-most', 1.3)).toBe(false);
  });

  it('are missed when a figure is missing or zero, never met by a NaN or an infinity', () => {
    expect(meets(Number.NaN, 'at-most', 1)).toBe(false);
    expect(meets(Number.POSITIVE_INFINITY, 'at-least', 1)).toBe(false);
    const results = sampleResults();
    results.get.bare = load(0);
    expect(verdict('api-key-vs-bare', results).met).toBe(false);
    results.login.latency = load(0, []);
    expect(verdict('login-vs-hash', results).met).toBe(false);
  });

  it('follow the figures they are computed from', () => {
    const results = sampleResults();
    results.get.apiKey = load(19_000);
    expect(verdict('api-key-vs-bare', results)).toMatchObject({ met: false });
    results.latencyUnderLogins.underLogins = load(5_000, [0.1, 0.2, 0.6]);
    expect(verdict('p99-under-login', results)).toMatchObject({ value: 2, met: false });
    results.memory.heapAfterAllBytes = 10_600_000;
    expect(verdict('heap-growth', results)).toMatchObject({ met: false });
    results.startup.ours.medianMs = 1000.5;
    expect(verdict('startup', results).met).toBe(false);
  });
});
