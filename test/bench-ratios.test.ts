import { comparedRatio, type LoadResult, pairedRatio, type RoundResult } from '../bench/load';

/** A load result whose totals and rounds are given; the rest does not enter the ratios. */
function load(rounds: RoundResult[] | undefined, totals: { requestsPerSecond: number; cpuMsPerRequest: number | null }): LoadResult {
  return { ...totals, p50Ms: 1, p99Ms: 2, requests: 0, failures: 0, memory: null, rounds };
}

const rounds = (cpu: (number | null)[]) => cpu.map((cpuMsPerRequest) => ({ requestsPerSecond: 1000, cpuMsPerRequest }));

describe('the benchmark judges scenarios 4 and 7 round by round', () => {
  it('takes the median of the paired rounds, so one disturbed round does not move it', () => {
    const baseline = load(rounds([0.1, 0.1, 0.1, 0.1, 0.1]), { requestsPerSecond: 1000, cpuMsPerRequest: 0.1 });
    // One round of ours ran during a neighbour's burst: five times its usual cost.
    const ours = load(rounds([0.12, 0.12, 0.6, 0.12, 0.12]), { requestsPerSecond: 800, cpuMsPerRequest: 0.216 });
    const paired = pairedRatio(ours, baseline, 'cpuMsPerRequest')!;
    expect(paired.median).toBeCloseTo(1.2, 6);
    expect(paired.rounds).toBe(5);
    expect([paired.lowQuartile, paired.highQuartile].map((q) => Number(q.toFixed(6)))).toEqual([1.2, 1.2]);
    const compared = comparedRatio(ours, baseline, 'cpuMsPerRequest')!;
    expect(compared.value).toBeCloseTo(1.2, 6);
    // The ratio of the totals is printed beside it, not judged.
    expect(compared.text).toContain('all rounds together 2.16 ×');
  });

  it('interpolates the median and the quartiles between ranks', () => {
    const baseline = load(rounds([1, 1, 1, 1]), { requestsPerSecond: 1000, cpuMsPerRequest: 1 });
    const ours = load(rounds([1, 2, 3, 4]), { requestsPerSecond: 1000, cpuMsPerRequest: 2.5 });
    expect(pairedRatio(ours, baseline, 'cpuMsPerRequest')).toEqual({ median: 2.5, lowQuartile: 1.75, highQuartile: 3.25, rounds: 4 });
  });

  it('falls back to the totals for a report without rounds, and gives nothing without a figure', () => {
    const oldBaseline = load(undefined, { requestsPerSecond: 7000, cpuMsPerRequest: 0.14 });
    const oldOurs = load(undefined, { requestsPerSecond: 4200, cpuMsPerRequest: 0.21 });
    expect(pairedRatio(oldOurs, oldBaseline, 'requestsPerSecond')).toBeNull();
    expect(comparedRatio(oldOurs, oldBaseline, 'requestsPerSecond')).toEqual({ value: 0.6, text: '0.60 ×' });
    // Rounds that do not pair up (another run's) are not paired.
    const short = load(rounds([0.1]), { requestsPerSecond: 1000, cpuMsPerRequest: 0.1 });
    expect(pairedRatio(short, load(rounds([0.1, 0.1]), { requestsPerSecond: 1000, cpuMsPerRequest: 0.1 }), 'cpuMsPerRequest')).toBeNull();
    // No /proc: no CPU figure in a round, and none in the totals.
    const noCpu = load(rounds([null, null]), { requestsPerSecond: 1000, cpuMsPerRequest: null });
    expect(comparedRatio(noCpu, noCpu, 'cpuMsPerRequest')).toBeNull();
  });
});
