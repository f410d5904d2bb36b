import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Reader for the R-generated fixtures (tests and the bench only). */
export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

export interface FixtureRow {
  t: number;
  observed: number;
  expected: number | null;
  upperbound: number | null;
  alarm: boolean | null;
}
export interface FixtureSeries {
  counts: number[];
  frequency: 52 | 365;
  dates?: string[];
}
export interface DetectorCase {
  detector: string;
  name: string;
  series: string;
  dates: boolean;
  control: Record<string, unknown>;
  result: FixtureRow[];
}
export interface DetectorFixtures {
  series: Record<string, FixtureSeries>;
  cases: DetectorCase[];
}
export interface RtCase {
  name: string;
  incidence: number[];
  mean_si: number;
  std_si: number;
  window: number;
  result: Array<Record<'t_start' | 't_end' | 'mean' | 'sd' | 'q025' | 'median' | 'q975', number | null>>;
}

export function readFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), 'utf8')) as T;
}
