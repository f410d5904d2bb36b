import { z } from 'zod';
import { validationError } from '../../../errors';
import { dayNumber } from './dates';
import { earsPeriodsNeeded, type EarsControl } from './ears';
import { ewmaFirstPeriod, type EwmaControl } from './ewma';
import { referencePeriods, type FarringtonControl } from './farrington';
import { type CusumControl } from './cusum';
import type { Series } from './types';

/**
 * CONTROL of `epigrid surveillance detect`: the detector, the series' frequency, the monitored range
 * (1-based inclusive, as R) and R's own control names with R's defaults. Unknown names are errors,
 * so a misspelt R setting is never silently ignored.
 */
const int = z.number().int();
const positive = z.number().positive();
const probability = z.number().gt(0).lt(1);
const common = {
  frequency: z.union([z.literal(52), z.literal(365)]),
  range: z.tuple([int.min(1), int.min(1)]),
};

const ears = z.strictObject({
  detector: z.literal('ears'),
  ...common,
  method: z.enum(['C1', 'C2', 'C3']).default('C1'),
  baseline: int.min(3, 'Minimum baseline to use is 3').default(7),
  minSigma: z.number().min(0).default(0),
  alpha: probability.optional(),
});

const farrington = z.strictObject({
  detector: z.literal('farrington'),
  ...common,
  b: int.min(1).default(5),
  w: int.min(0).default(3),
  reweight: z.boolean().default(true),
  weightsThreshold: positive.default(2.58),
  alpha: probability.default(0.05),
  trend: z.boolean().default(true),
  pThresholdTrend: probability.default(0.05),
  limit54: z.tuple([int.min(0), int.min(1)]).default([5, 4]),
  powertrans: z.enum(['2/3', '1/2', 'none']).default('2/3'),
  noPeriods: int.min(1).default(1),
  pastWeeksNotIncluded: int.min(0).nullable().default(null),
  thresholdMethod: z.enum(['delta', 'nbPlugin', 'muan'], { message: "R's names: delta (Farrington), nbPlugin or muan (Noufaily)" }).default('delta'),
  // Accepted so R settings carry across; they change nothing here.
  verbose: z.boolean().optional(),
  glmWarnings: z.boolean().optional(),
  fitFun: z.literal('algo.farrington.fitGLM.flexible').optional(),
  populationOffset: z.literal(false, { message: 'no population is given, so no offset' }).optional(),
});

const cusum = z.strictObject({
  detector: z.literal('cusum'),
  ...common,
  k: z.number().default(1.04),
  h: z.number().default(2.26),
  m: z
    .union([positive, z.literal('glm')])
    .nullable()
    .default(null),
  trans: z
    .enum(['standard', 'rossi', 'anscombe', 'anscombe2nd', 'pearsonNegBin', 'none'], {
      message: 'standard, rossi, anscombe, anscombe2nd, pearsonNegBin or none',
    })
    .default('standard'),
  alpha: z.number().min(0).default(0.1),
});

const ewma = z.strictObject({
  detector: z.literal('ewma'),
  ...common,
  B: int.min(7, 'the baseline must be at least 7 periods').default(28),
  g: int.min(0).default(2),
  w1: probability.default(0.4),
  w2: probability.default(0.9),
  alpha: probability.default(0.01),
});

export const detectControlSchema = z.discriminatedUnion('detector', [ears, farrington, cusum, ewma]);
export type DetectControl =
  | ({ detector: 'ears'; frequency: 52 | 365 } & EarsControl)
  | ({ detector: 'farrington'; frequency: 52 | 365 } & FarringtonControl)
  | ({ detector: 'cusum'; frequency: 52 | 365 } & CusumControl)
  | ({ detector: 'ewma'; frequency: 52 | 365 } & EwmaControl);

/** Parse CONTROL; errors name each field (`range`, `thresholdMethod`, …). */
export function parseControl(input: unknown): DetectControl {
  const r = detectControlSchema.safeParse(input);
  if (!r.success) {
    const fields: Record<string, string> = {};
    for (const issue of r.error.issues) {
      const field = issue.path.length ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? issue.keys.join(',') : 'detector';
      fields[field] = issue.code === 'unrecognized_keys' ? `not a control name of this detector: ${issue.keys.join(', ')}` : issue.message;
    }
    throw validationError(
      fields,
      `Invalid detection control — ${Object.entries(fields)
        .map(([f, m]) => `${f}: ${m}`)
        .join('; ')}`,
    );
  }
  return r.data;
}

/** Check the series against the control: range inside it, enough history for the method, regular dates. */
export function checkSeries(series: Series, c: DetectControl): void {
  const n = series.counts.length;
  const [from, to] = c.range;
  if (from > to) throw validationError({ range: `range [${from}, ${to}] is empty: FROM must not exceed TO` });
  if (to > n) throw validationError({ range: `range ends at ${to} but the series has ${n} periods` });
  series.counts.forEach((x, i) => {
    if (!Number.isInteger(x) || x < 0) throw validationError({ count: `period ${i + 1}: count must be a non-negative integer` });
  });
  if (series.dates) checkDates(series);
  const short = (needed: number, what: string) => {
    if (from <= needed)
      throw validationError({
        range: `${what} needs ${needed} periods before the first monitored one: range must start at ${needed + 1} or later (it starts at ${from})`,
      });
  };
  switch (c.detector) {
    case 'ears':
      return short(earsPeriodsNeeded(c.method, c.baseline), `EARS ${c.method} with baseline ${c.baseline}`);
    case 'cusum':
      return short(c.m === 'glm' ? 3 : c.m === null ? 1 : 0, 'CUSUM');
    case 'ewma':
      if (n < c.B + c.g + 1)
        throw validationError({ count: `EWMA with B = ${c.B} and g = ${c.g} needs at least ${c.B + c.g + 1} periods; the series has ${n}` });
      return short(ewmaFirstPeriod(c.g) - 1, `EWMA with g = ${c.g}`);
    case 'farrington': {
      if (c.limit54[1] > from) throw validationError({ limit54: `limit54 counts ${c.limit54[1]} periods back but range starts at ${from}` });
      const needed = c.b * c.frequency + c.w - 1;
      if (!series.dates) return short(needed, `Farrington with b = ${c.b}, w = ${c.w} on frequency ${c.frequency}`);
      const days = series.dates.map(dayNumber);
      const refs = referencePeriods(from, c.b, c.frequency, days);
      const oldest = refs[refs.length - 1]!;
      if (oldest < 1 || oldest - c.w < 0)
        throw validationError({
          range: `Farrington with b = ${c.b}, w = ${c.w} needs ${c.b} years and ${c.w} periods of history before ${series.dates[from - 1]}; decrease b or postpone range`,
        });
      return;
    }
  }
}

function checkDates(series: Series): void {
  const dates = series.dates!;
  if (dates.length !== series.counts.length) throw validationError({ date: 'give a date on every row or on none' });
  const step = series.frequency === 52 ? 7 : 1;
  let prev = NaN;
  dates.forEach((d, i) => {
    const day = dayNumber(d);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(day)) throw validationError({ date: `period ${i + 1}: not a date YYYY-MM-DD` });
    if (i > 0 && day - prev !== step)
      throw validationError({ date: `period ${i + 1}: dates must follow each other by ${step} day(s) for frequency ${series.frequency}` });
    prev = day;
  });
}
