import { parseControl, type DetectControl } from '../detection';
import { earsPeriodsNeeded } from '../detection/ears';

/** The detector every series gets unless configured otherwise: EARS C2, R's defaults (baseline 7, alpha 0.001). */
export const DEFAULT_CONTROL = { detector: 'ears', method: 'C2', baseline: 7 } as const;

/** A stored setting: R's control names without `frequency` and `range`, which the run sets (daily, the new day). */
export type StoredControl = Record<string, unknown>;

/**
 * The control for a sentinel type's indicator: the most specific configured row — (type, indicator),
 * (type, '*'), ('*', indicator), ('*', '*') — else EARS C2. Area roll-ups use type '*'.
 */
export function controlFor(configs: ReadonlyMap<string, StoredControl>, type: string, indicator: string): StoredControl {
  return configs.get(`${type}|${indicator}`) ?? configs.get(`${type}|*`) ?? configs.get(`*|${indicator}`) ?? configs.get('*|*') ?? DEFAULT_CONTROL;
}

/** How many daily periods before the monitored one a control reads (the window the run loads). */
export function historyNeeded(stored: StoredControl): number {
  const c = parseControl({ ...stored, frequency: 365, range: [1000, 1000] });
  switch (c.detector) {
    case 'ears':
      return earsPeriodsNeeded(c.method, c.baseline);
    case 'farrington':
      return c.b * 365 + c.w + 1;
    case 'cusum':
      // CUSUM restarts from the window's start each night: 28 days of sums (documented in docs/surveillance.md).
      return 28;
    case 'ewma':
      return c.B + c.g + 1;
  }
}

/** The full control for monitoring the last period of a series of `length` days. */
export function controlForLast(stored: StoredControl, length: number): DetectControl {
  return parseControl({ ...stored, frequency: 365, range: [length, length] });
}

/** A short name of the method for signals and charts: `ears:C2`, `farrington`, `cusum`, `ewma`. */
export function methodName(stored: StoredControl): string {
  return stored.detector === 'ears'
    ? `ears:${typeof stored.method === 'string' ? stored.method : 'C1'}`
    : typeof stored.detector === 'string'
      ? stored.detector
      : 'unknown';
}

/** Check a control before it is stored (errors name R's field); range and frequency are the run's. */
export function checkStoredControl(stored: StoredControl): void {
  if ('range' in stored || 'frequency' in stored) {
    parseControl({ ...stored }); // the detector's own errors first
  }
  const { range: _r, frequency: _f, ...rest } = stored;
  void _r;
  void _f;
  historyNeeded(rest);
}
