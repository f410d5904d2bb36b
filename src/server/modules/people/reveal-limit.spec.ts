import { revealRefusal } from './reveal-limit';

describe('reveal limit', () => {
  const now = '2026-05-06T10:00:00.000Z';
  it('allows reveals below the limit', () => {
    expect(revealRefusal(3, { count: 2, oldest: '2026-05-06T09:30:00.000Z' }, now)).toBeNull();
  });
  it('refuses at the limit until the oldest reveal leaves the hour', () => {
    const e = revealRefusal(3, { count: 3, oldest: '2026-05-06T09:30:00.000Z' }, now);
    expect(e).toMatchObject({ code: 'REVEAL_LIMITED', details: { limit: 3, windowMinutes: 60, retryAfterSeconds: 1800 } });
  });
  it('never answers a Retry-After below one second', () => {
    expect(revealRefusal(1, { count: 1, oldest: '2026-05-06T09:00:00.000Z' }, now)?.details.retryAfterSeconds).toBe(1);
  });
});
