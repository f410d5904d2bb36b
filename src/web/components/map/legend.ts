import { rampColor } from './ramp';

/** One coloured key of a legend: a class of polygons or a kind of point marker. */
export interface LegendEntry {
  color: string;
  label: string;
}

/** What a map's colours mean; every map passes its own (in the user's language). */
export interface MapLegendSpec {
  /** What the fill colour measures (覆盖率), over the ramp and in tooltips. */
  title: string;
  /** A figure as people read it ("85%", "12 间"); default the plain number. */
  format?: (value: number) => string;
  /** Named colour classes instead of a ramp (zone kinds). */
  classes?: LegendEntry[];
  /** What the point markers' colours mean. */
  points?: LegendEntry[];
  /** Draw the low → high ramp; default yes unless classes are given. A flat fill (sentinels) says no. */
  ramp?: boolean;
}

export interface RampKey {
  low: { color: string; label: string };
  high: { color: string; label: string };
  /** CSS gradient of the ramp, low on the left. */
  gradient: string;
}

const plain = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/** The ramp's two ends as the legend shows them, or null when the legend has no ramp. */
export function rampKey(spec: MapLegendSpec, range: [number, number], colors: [string, string]): RampKey | null {
  if (spec.ramp === false || (spec.ramp === undefined && spec.classes?.length)) return null;
  const format = spec.format ?? plain;
  const low = { color: rampColor(range[0], range, colors), label: format(range[0]) };
  const high = { color: rampColor(range[1], range, colors), label: format(range[1]) };
  return { low, high, gradient: `linear-gradient(to right, ${low.color}, ${high.color})` };
}

/** "覆盖率 85%": the legend's title and the polygon's figure; null when the polygon has no figure. */
export function gridFigure(spec: MapLegendSpec, valueProperty: string, properties: Record<string, unknown>): string | null {
  const raw = properties[valueProperty];
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
  if (!Number.isFinite(value)) return null;
  return `${spec.title} ${(spec.format ?? plain)(value)}`;
}
