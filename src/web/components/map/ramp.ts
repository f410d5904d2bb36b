// No map library here: feature pages import it for their legends without loading MapLibre.

/** The colour of a figure: linear in RGB between the two ends, clamped, as MapLibre's interpolate draws it. */
export function rampColor(value: number, range: [number, number], colors: [string, string]): string {
  const span = range[1] - range[0];
  const t = span === 0 ? 1 : Math.min(1, Math.max(0, (value - range[0]) / span));
  const [a, b] = [rgb(colors[0]), rgb(colors[1])];
  return `#${a
    .map((c, i) =>
      Math.round(c + ((b[i] ?? c) - c) * t)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/** '#rrggbb' or '#rgb' as its three channels. */
function rgb(hex: string): number[] {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
}
