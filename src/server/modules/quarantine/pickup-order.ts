/**
 * The pickup order of a vehicle run (issue 12: six contacts from five streets went in one run with
 * no order). Pure. Stops whose building has coordinates are ordered nearest-neighbour, starting at
 * the stop farthest from the middle of them all (one end of the route, so the run sweeps across
 * instead of doubling back); stops without coordinates follow, grouped by street then community
 * (their area codes sort that way), so a driver visits one street before the next. People of one
 * household (one building) are adjacent. Returns the transfer ids in pickup order.
 */
export interface Stop {
  id: string;
  /** The person's area code (building level when known): its first 9 digits are the street, 12 the community. */
  areaCode: string;
  lng: number | null;
  lat: number | null;
}

/** Distance in km on a small patch of the earth (equirectangular): plenty for ordering stops in one city. */
export function km(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const x = (b.lng - a.lng) * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = b.lat - a.lat;
  return Math.sqrt(x * x + y * y) * rad * 6371;
}

type Located = Stop & { lng: number; lat: number };

export function pickupOrder(stops: readonly Stop[]): string[] {
  const located = stops.filter((s): s is Located => s.lng !== null && s.lat !== null);
  const rest = stops.filter((s) => s.lng === null || s.lat === null).sort((a, b) => a.areaCode.localeCompare(b.areaCode) || a.id.localeCompare(b.id));
  return [...nearestNeighbour(located), ...rest].map((s) => s.id);
}

function nearestNeighbour(stops: readonly Located[]): Located[] {
  if (stops.length <= 1) return [...stops];
  const mid = { lng: avg(stops.map((s) => s.lng)), lat: avg(stops.map((s) => s.lat)) };
  const left = [...stops].sort((a, b) => a.areaCode.localeCompare(b.areaCode) || a.id.localeCompare(b.id));
  let here = left.reduce((far, s) => (km(s, mid) > km(far, mid) + 1e-9 ? s : far));
  const out: Located[] = [];
  while (left.length) {
    left.splice(left.indexOf(here), 1);
    out.push(here);
    if (!left.length) break;
    const from = here;
    here = left.reduce((best, s) => (km(from, s) < km(from, best) - 1e-9 ? s : best));
  }
  return out;
}

const avg = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
