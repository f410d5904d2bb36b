import { capacityPlan, dorfmanTestsPerPerson, percentile, suggestPoolSize } from './pooling';

describe('pooling maths', () => {
  it('Dorfman: one test per person unpooled; 1/k + 1 − (1−p)^k pooled', () => {
    expect(dorfmanTestsPerPerson(1, 0.3)).toBe(1);
    expect(dorfmanTestsPerPerson(10, 0)).toBeCloseTo(0.1, 12);
    expect(dorfmanTestsPerPerson(10, 0.01)).toBeCloseTo(0.1 + 1 - 0.99 ** 10, 12);
    // At high prevalence pooling costs more than testing singly.
    expect(dorfmanTestsPerPerson(20, 0.3)).toBeGreaterThan(1);
  });

  it('suggests big pools at low prevalence and single tubes at high prevalence', () => {
    expect(suggestPoolSize(0.0001).poolSize).toBe(20);
    expect(suggestPoolSize(0.01).poolSize).toBe(10);
    expect(suggestPoolSize(0.4).poolSize).toBe(1);
    expect(suggestPoolSize(0.01).table).toHaveLength(4);
  });

  it('names the bottleneck of the chain', () => {
    const base = { people: 100_000, poolSize: 10, hoursPerDay: 24 };
    // 10 teams × 100/h = 1,000/h → 100 h sampling; 10,000 tubes at 24,000/day = 10 h lab.
    const slowSampling = capacityPlan({ ...base, sites: [{ teams: 10, ratePerTeamHour: 100 }], labsDailyCapacity: 24_000 });
    expect(slowSampling).toMatchObject({ samplingPerHour: 1000, tubes: 10_000, bottleneck: 'sampling' });
    expect(slowSampling.finishHours).toBeCloseTo(100, 6);
    const slowLab = capacityPlan({ ...base, sites: [{ teams: 100, ratePerTeamHour: 100 }], labsDailyCapacity: 2_400 });
    expect(slowLab.bottleneck).toBe('laboratory');
    expect(slowLab.labHours).toBeCloseTo(100, 6);
    // Sampling only 16 h a day stretches wall-clock time by 24/16.
    const dayShift = capacityPlan({ ...base, hoursPerDay: 16, sites: [{ teams: 10, ratePerTeamHour: 100 }], labsDailyCapacity: 1e9 });
    expect(dayShift.samplingHours).toBeCloseTo(150, 6);
    expect(capacityPlan({ ...base, sites: [], labsDailyCapacity: 0 }).finishHours).toBe(Infinity);
  });

  it('adds the re-check tubes a prevalence implies', () => {
    const p = capacityPlan({ people: 1000, poolSize: 10, prevalence: 0.01, sites: [{ teams: 1, ratePerTeamHour: 100 }], labsDailyCapacity: 2400 });
    expect(p.recheckTubes).toBe(Math.ceil(1000 * (1 - 0.99 ** 10)));
  });

  it('nearest-rank percentile', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 1)).toBe(5);
    expect(percentile([5, 1, 3, 2, 4], 0.01)).toBe(1);
    expect(percentile([10, 20, 30, 40], 0.95)).toBe(40);
  });
});
