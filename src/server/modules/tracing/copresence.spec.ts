import { rankCandidates, spanProblem, widen } from './copresence';

const span = { venueCode: 'V1', startsAt: '2026-05-06T02:00:00.000Z', endsAt: '2026-05-06T03:00:00.000Z' };

describe('co-presence candidates', () => {
  it('widens a span by the margin on both sides', () => {
    expect(widen(span, 30)).toEqual({ from: '2026-05-06T01:30:00.000Z', to: '2026-05-06T03:30:00.000Z' });
  });

  it('ranks closer, then longer, then more scans; one candidate per person', () => {
    const ranked = rankCandidates(
      [span, { ...span, venueCode: 'V2' }],
      [
        { span: 0, personId: 'inside', first: '2026-05-06T02:10:00.000Z', last: '2026-05-06T02:50:00.000Z', scans: 2 },
        { span: 0, personId: 'before', first: '2026-05-06T01:40:00.000Z', last: '2026-05-06T01:50:00.000Z', scans: 1 },
        { span: 0, personId: 'short', first: '2026-05-06T02:10:00.000Z', last: '2026-05-06T02:20:00.000Z', scans: 1 },
        { span: 1, personId: 'before', first: '2026-05-06T02:30:00.000Z', last: '2026-05-06T02:30:00.000Z', scans: 1 },
        { span: 9, personId: 'ghost', first: '2026-05-06T02:30:00.000Z', last: '2026-05-06T02:30:00.000Z', scans: 1 },
      ],
    );
    expect(ranked.map((c) => c.person_id)).toEqual(['inside', 'short', 'before']);
    expect(ranked[0]).toMatchObject({ minutes: 40, gap_minutes: 0, scans: 2 });
    // 'before' was inside V2's span (gap 0) as well as 10 min before V1's: the better hit wins, scans add up.
    expect(ranked[2]).toMatchObject({ venue_code: 'V2', gap_minutes: 0, minutes: 0, scans: 2 });
  });

  it('names the field of a bad span', () => {
    expect(spanProblem('x', span.endsAt)).toMatch(/^startsAt/);
    expect(spanProblem(span.startsAt, 'y')).toMatch(/^endsAt/);
    expect(spanProblem(span.endsAt, span.startsAt)).toBe('endsAt: ends before it starts');
    expect(spanProblem(span.startsAt, span.endsAt)).toBeNull();
  });
});
