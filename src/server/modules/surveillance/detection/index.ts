/** Aberration detection and Rt: pure functions, no I/O. Each matches its R reference (see docs/surveillance.md). */
import { checkSeries, type DetectControl } from './control';
import { cusum } from './cusum';
import { earsC } from './ears';
import { ewma } from './ewma';
import { farringtonFlexible } from './farrington';
import type { DetectionPoint, Series } from './types';

export { parseControl, checkSeries, detectControlSchema, type DetectControl } from './control';
export { earsC, type EarsControl } from './ears';
export { farringtonFlexible, FARRINGTON_NOUFAILY, FARRINGTON_ORIGINAL, type FarringtonControl } from './farrington';
export { cusum, type CusumControl } from './cusum';
export { ewma, type EwmaControl } from './ewma';
export { estimateR, discrSi, type RtOptions, type RtWindow } from './rt';
export type { DetectionPoint, Series, Range } from './types';

/** Run the detector CONTROL names on the series, after checking the series is long enough for it. */
export function detect(series: Series, control: DetectControl): DetectionPoint[] {
  checkSeries(series, control);
  switch (control.detector) {
    case 'ears':
      return earsC(series.counts, control);
    case 'farrington':
      return farringtonFlexible(series, control);
    case 'cusum':
      return cusum(series.counts, series.frequency, control);
    case 'ewma':
      return ewma(series.counts, control);
  }
}
