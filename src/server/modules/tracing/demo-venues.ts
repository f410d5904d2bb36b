import type { AppContext } from '../../context';
import { DAY } from '../../lib/clock';
import { localDate } from '../../lib/local-time';
import { systemActor } from '../auth/actor';
import { generateVenues, iterateCheckins, planCity } from '../../../sim';
import { CheckinsService } from './checkins.service';
import { VenuesService } from './venues.service';

const MAX_DEMO_CHECKINS = 500_000;

export interface DemoCityInfo {
  people: number;
  seed: number;
  district?: string;
}

/**
 * Venues (one per ~100 residents) and the last `days` days of check-ins (the default look-back) for the demo city, so a
 * new user can report a case and see real candidates. Same plan and seed as the registry's demo.
 */
export async function loadDemoVenues(ctx: AppContext, city: DemoCityInfo, days = 4): Promise<{ venues: number; checkins: number }> {
  const plan = planCity({ seed: city.seed, people: city.people, districtCode: city.district });
  const venues = generateVenues(plan, Math.max(50, Math.round(city.people / 100)));
  // The demo city is loaded by the system on an empty database, city-wide.
  const actor = systemActor('demo');
  const svc = new VenuesService(ctx);
  for (let i = 0; i < venues.length; i += 10_000) {
    await svc.upsert(
      actor,
      venues
        .slice(i, i + 10_000)
        .map((v, j) => ({ row: i + j + 2, venueCode: v.venueCode, name: v.name, type: v.type, areaCode: v.areaCode, isKey: v.keyVenue })),
    );
  }
  const start = localDate(new Date(ctx.clock.now().getTime() - days * DAY), ctx.config.timeZone);
  const checkins = new CheckinsService(ctx);
  let n = 0;
  for (const batch of iterateCheckins(plan, venues, { days, perPersonPerDay: 1, startDate: start })) {
    // A demo, not a load test: a big demo city gets the scans of its first residents only, so start-up stays quick.
    if (n >= MAX_DEMO_CHECKINS) break;
    const rows = batch.filter((c) => c.scannedAt <= ctx.clock.nowIso()).map((c, i) => ({ row: i + 2, ...c }));
    for (let i = 0; i < rows.length; i += 50_000) n += (await checkins.ingest(actor, rows.slice(i, i + 50_000))).accepted;
  }
  return { venues: venues.length, checkins: n };
}
