/**
 * Close-contact candidates from co-presence (时空交集): pure rules, no SQL.
 * A case's span at a venue is widened by the margin on both sides; a single scan is a span of
 * zero length. Anyone whose scans at that venue fall inside the widened span is a candidate.
 */
export interface VenueSpan {
  venueCode: string;
  startsAt: string;
  endsAt: string;
}

/** One person's scans at one span's venue inside its widened window (from SQL). */
export interface SpanHit {
  span: number;
  personId: string;
  first: string;
  last: string;
  scans: number;
}

export interface Candidate {
  person_id: string;
  venue_code: string;
  overlap_start: string;
  overlap_end: string;
  /** Minutes the person's scans overlap the case's own (unwidened) span; 0 for single scans. */
  minutes: number;
  /** Minutes between the person's nearest scan and the case's span (0 when inside it). */
  gap_minutes: number;
  scans: number;
}

const MIN = 60_000;

export function widen(span: VenueSpan, marginMinutes: number): { from: string; to: string } {
  return {
    from: new Date(Date.parse(span.startsAt) - marginMinutes * MIN).toISOString(),
    to: new Date(Date.parse(span.endsAt) + marginMinutes * MIN).toISOString(),
  };
}

function candidateFrom(span: VenueSpan, hit: SpanHit): Candidate {
  const s = Date.parse(span.startsAt);
  const e = Date.parse(span.endsAt);
  const f = Date.parse(hit.first);
  const l = Date.parse(hit.last);
  const gap = l < s ? s - l : f > e ? f - e : 0;
  const overlap = Math.max(0, Math.min(e, l) - Math.max(s, f));
  return {
    person_id: hit.personId,
    venue_code: span.venueCode,
    overlap_start: hit.first,
    overlap_end: hit.last,
    minutes: Math.round(overlap / MIN),
    gap_minutes: Math.round(gap / MIN),
    scans: hit.scans,
  };
}

/** Closer first (gap), then longer overlap, then more scans. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return a.gap_minutes - b.gap_minutes || b.minutes - a.minutes || b.scans - a.scans || a.person_id.localeCompare(b.person_id);
}

/** One candidate per person: the best of their hits over all spans; ranked. */
export function rankCandidates(spans: readonly VenueSpan[], hits: readonly SpanHit[]): Candidate[] {
  const best = new Map<string, Candidate>();
  for (const hit of hits) {
    const span = spans[hit.span];
    if (!span) continue;
    const c = candidateFrom(span, hit);
    const prev = best.get(c.person_id);
    if (!prev) best.set(c.person_id, c);
    else if (compareCandidates(c, prev) < 0) best.set(c.person_id, { ...c, scans: c.scans + prev.scans });
    else prev.scans += c.scans;
  }
  return [...best.values()].sort(compareCandidates);
}

/** Spans that end before they start are refused with the field named. */
export function spanProblem(startsAt: string, endsAt: string): string | null {
  const s = Date.parse(startsAt);
  const e = Date.parse(endsAt);
  if (Number.isNaN(s)) return 'startsAt: must be an ISO-8601 time';
  if (Number.isNaN(e)) return 'endsAt: must be an ISO-8601 time';
  if (e < s) return 'endsAt: ends before it starts';
  return null;
}
