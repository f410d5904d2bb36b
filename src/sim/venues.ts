import { iteratePeople } from './people';
import { cumulative, Prng } from './prng';
import type { CityPlan } from './types';

export type VenueType = 'supermarket' | 'market' | 'school' | 'station' | 'hospital' | 'restaurant' | 'office' | 'factory' | 'pharmacy' | 'hotel' | 'other';
const TYPES: VenueType[] = ['supermarket', 'market', 'school', 'station', 'hospital', 'restaurant', 'office', 'factory', 'pharmacy', 'hotel', 'other'];
const TYPE_CUM = cumulative([12, 6, 5, 2, 2, 30, 15, 8, 8, 4, 8]);
const LABEL: Record<VenueType, string> = {
  supermarket: '超市',
  market: '农贸市场',
  school: '学校',
  station: '车站',
  hospital: '医院',
  restaurant: '餐馆',
  office: '写字楼',
  factory: '工厂',
  pharmacy: '药店',
  hotel: '宾馆',
  other: '场所',
};

export interface SimVenue {
  venueCode: string;
  name: string;
  type: VenueType;
  areaCode: string;
  keyVenue: boolean;
}

/** Venues with place codes (场所码), spread over the grids. */
export function generateVenues(plan: CityPlan, count: number): SimVenue[] {
  const rng = new Prng(plan.seed ^ 0x7e7e);
  return Array.from({ length: count }, (_, i) => {
    const type = rng.weighted(TYPES, TYPE_CUM);
    const grid = plan.grids[rng.int(plan.grids.length)];
    return {
      venueCode: `V${String(i + 1).padStart(8, '0')}`,
      name: `${grid?.communityName ?? ''}${LABEL[type]}${i + 1}`,
      type,
      areaCode: grid?.code ?? plan.districtCode,
      keyVenue: ['supermarket', 'market', 'station', 'hospital', 'school'].includes(type),
    };
  });
}

export interface SimCheckin {
  idNumber: string;
  venueCode: string;
  scannedAt: string;
}

/**
 * Check-in scans: each person scans ~`perPersonPerDay` venues a day, mostly near home.
 * People are re-generated from the seed (no list of everyone is held).
 */
export function* iterateCheckins(
  plan: CityPlan,
  venues: readonly SimVenue[],
  opts: { days: number; perPersonPerDay: number; startDate: string },
): Generator<SimCheckin[]> {
  const rng = new Prng(plan.seed ^ 0xc4ec);
  const start = Date.parse(`${opts.startDate}T00:00:00+08:00`);
  for (const people of iteratePeople(plan)) {
    const out: SimCheckin[] = [];
    for (const p of people) {
      for (let d = 0; d < opts.days; d++) {
        const n = Math.round(opts.perPersonPerDay * (0.5 + rng.next()));
        for (let k = 0; k < n; k++) {
          const v = venues[rng.int(venues.length)] as SimVenue;
          const at = start + d * 86_400_000 + (7 + rng.int(15)) * 3_600_000 + rng.int(3_600_000);
          out.push({ idNumber: p.idNumber, venueCode: v.venueCode, scannedAt: new Date(at).toISOString() });
        }
      }
    }
    yield out;
  }
}
