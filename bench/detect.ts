/**
 * npm run bench -- detect [series=10000] [days=730]
 *
 * The nightly detection run: `series` daily count series of `days` days (seeded Poisson with a
 * weekly pattern and a few outbreaks) through EARS C1, C2, C3, Farrington (b = 1 year, w = 3, R's
 * other defaults) and CUSUM (standard, m from the first year), every day each method can test —
 * then the incremental run: one new day appended to every series, each method on that day only
 * (CUSUM continuing from yesterday's sum). Pure functions, one core, no database. Wall and CPU
 * time are both printed: on a shared machine the CPU figure is the one that says what the code costs.
 */
import { detect, parseControl, type DetectControl, type Series } from '../src/server/modules/surveillance/detection';
import { cusum } from '../src/server/modules/surveillance/detection/cusum';
import { report } from './lib';

const N = Number(process.argv[2] ?? 10_000);
const DAYS = Number(process.argv[3] ?? 730);

let state = 0x9e3779b9;
const uniform = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 4294967296;
};
const poisson = (mu: number) => {
  // Knuth's method is fine for the small daily means here.
  const l = Math.exp(-mu);
  let k = 0;
  let p = uniform();
  while (p > l) {
    k++;
    p *= uniform();
  }
  return k;
};
const dow = [1.25, 1.1, 1, 1, 0.95, 0.75, 0.7];
function makeSeries(i: number, days: number): number[] {
  const base = 2 + (i % 20);
  const counts = Array.from({ length: days }, (_, d) => poisson(base * dow[d % 7]! * Math.exp(0.3 * Math.cos((2 * Math.PI * d) / 365))));
  if (i % 10 === 0) for (let d = 600; d < Math.min(days, 607); d++) counts[d]! += poisson(2 * base);
  return counts;
}

const controls = (last: number): Record<string, DetectControl> => ({
  C1: parseControl({ detector: 'ears', frequency: 365, method: 'C1', range: [8, last] }),
  C2: parseControl({ detector: 'ears', frequency: 365, method: 'C2', range: [10, last] }),
  C3: parseControl({ detector: 'ears', frequency: 365, method: 'C3', range: [12, last] }),
  farrington: parseControl({ detector: 'farrington', frequency: 365, b: 1, w: 3, range: [369, last] }),
  cusum: parseControl({ detector: 'cusum', frequency: 365, range: [366, last] }),
});

const t0 = Date.now();
const all = Array.from({ length: N }, (_, i) => makeSeries(i, DAYS + 1));
const history = all.map((c) => c.slice(0, DAYS));
const setupMs = Date.now() - t0;

// ---- full run over the history
const full = controls(DAYS);
const perMethod: Record<string, number> = {};
const perMethodCpu: Record<string, number> = {};
let alarms = 0;
const cusumState = new Float64Array(N);
const cusumMean = new Float64Array(N);
const started = process.hrtime.bigint();
const cpuStarted = process.cpuUsage();
for (const [name, control] of Object.entries(full)) {
  const s = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const series: Series = { counts: history[i]!, frequency: 365 };
    const points = detect(series, control);
    for (const p of points) if (p.alarm) alarms++;
    if (name === 'cusum') {
      cusumMean[i] = points[0]!.expected!;
      // The sum after the last day: from the bound's inputs is awkward, so recompute it from the points.
      let c = 0;
      for (const p of points) c = Math.max(0, c + (p.observed - cusumMean[i]!) / Math.sqrt(cusumMean[i]!) - 1.04);
      cusumState[i] = c;
    }
  }
  perMethod[name] = Number(process.hrtime.bigint() - s) / 1e6;
  perMethodCpu[name] = process.cpuUsage(cpu).user / 1000;
}
const fullMs = Number(process.hrtime.bigint() - started) / 1e6;
const fullCpuMs = process.cpuUsage(cpuStarted).user / 1000;

// ---- incremental: one new day
const day = DAYS + 1;
const inc = controls(day);
const incStart = process.hrtime.bigint();
const incCpu = process.cpuUsage();
let incAlarms = 0;
for (let i = 0; i < N; i++) {
  const series: Series = { counts: all[i]!, frequency: 365 };
  for (const name of ['C1', 'C2', 'C3', 'farrington'] as const) {
    const control = { ...inc[name]!, range: [day, day] as const };
    if (detect(series, control)[0]!.alarm) incAlarms++;
  }
  const c = inc.cusum! as Extract<DetectControl, { detector: 'cusum' }>;
  if (cusum(series.counts, 365, { ...c, m: cusumMean[i]!, range: [day, day] }, cusumState[i])[0]!.alarm) incAlarms++;
}
const incMs = Number(process.hrtime.bigint() - incStart) / 1e6;
const incCpuMs = process.cpuUsage(incCpu).user / 1000;

report(`detect: ${N.toLocaleString()} daily series × ${DAYS} days`, {
  'series generated (setup, ms)': setupMs,
  ...Object.fromEntries(
    Object.entries(perMethod).flatMap(([k, v]) => [
      [`full run ${k} (ms, wall)`, v],
      [`full run ${k} (ms, CPU)`, perMethodCpu[k]!],
    ]),
  ),
  'full run, all methods (s, wall)': fullMs / 1000,
  'full run, all methods (s, CPU: the machine is shared)': fullCpuMs / 1000,
  'periods tested, all methods': N * (DAYS - 7 + DAYS - 9 + DAYS - 11 + DAYS - 368 + DAYS - 365),
  'alarms in the full run': alarms,
  'incremental run, one new day, all methods (ms, wall)': incMs,
  'incremental run (ms, CPU)': incCpuMs,
  'alarms on the new day': incAlarms,
});
