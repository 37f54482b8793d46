/** The disturbance meter: what of the machine's time others took, inside this machine and, as steal, outside it. */
import { describe, expect, it } from 'vitest';
import { machineBusyTicks } from '../load.js';

describe('machineBusyTicks', () => {
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice
  const stat = 'cpu  1000 20 300 90000 40 0 16 5000 0 0\ncpu0 500 10 150 45000 20 0 8 2500 0 0\n';

  it('counts user, nice, system, interrupts and the time the host gave to other machines (steal)', () => {
    expect(machineBusyTicks(stat)).toBe(1000 + 20 + 300 + 0 + 16 + 5000);
  });

  it('leaves idle and iowait out', () => {
    const idler = stat.replace('90000 40', '190000 940');
    expect(machineBusyTicks(idler)).toBe(machineBusyTicks(stat));
  });

  it('reads a kernel that reports no steal column as none', () => {
    expect(machineBusyTicks('cpu  1000 20 300 90000 40 0 16\n')).toBe(1336);
  });
});
