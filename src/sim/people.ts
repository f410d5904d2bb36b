import { makeIdNumber } from '../server/lib/id-number';
import { MEAN_HOUSEHOLD } from './plan';
import { personName, surnameOf } from './names';
import { cumulative, Prng } from './prng';
import type { CityPlan, SimPerson } from './types';

// China 2020 census, 5-year bands 0–4 … 85+ (percent): 0–14 ≈ 18%, 15–59 ≈ 63%, 60+ ≈ 19%.
const BANDS = [5.5, 6.4, 6.0, 5.2, 5.4, 6.6, 8.8, 7.0, 6.6, 8.2, 8.7, 7.2, 5.2, 5.1, 3.6, 2.3, 1.4, 0.9];
const BAND_IDX = BANDS.map((_, i) => i);
const ALL_CUM = cumulative(BANDS);
const ADULT_CUM = cumulative(BANDS.map((w, i) => (i >= 4 ? w : 0)));
const SIZES = [1, 2, 3, 4, 5, 6];
const SIZE_CUM = cumulative([23, 30, 23, 14, 7, 3]);
// Birth places: mostly 连云港 districts, some from elsewhere.
const BIRTH_AREAS = ['320706', '320703', '320707', '320722', '320723', '320724', '320102', '320281', '371302', '410102', '340102', '320305'];
const BIRTH_CUM = cumulative([50, 10, 8, 7, 6, 5, 3, 2, 3, 2, 2, 2]);
const PHONE_PREFIXES = [
  '138',
  '139',
  '137',
  '136',
  '135',
  '150',
  '151',
  '152',
  '158',
  '159',
  '182',
  '187',
  '188',
  '130',
  '131',
  '132',
  '155',
  '156',
  '185',
  '186',
  '133',
  '153',
  '180',
  '181',
  '189',
  '177',
  '173',
  '199',
  '191',
  '166',
];
const REF_YEAR = 2026;
const JOB_TAGS: Array<[string, number]> = [
  ['cold_chain', 0.003],
  ['port', 0.005],
  ['transport_station', 0.004],
  ['medical', 0.012],
  ['delivery', 0.01],
  ['driver', 0.015],
  ['quarantine_staff', 0.001],
];

/** Unique sequence numbers per (birth place, birth date, sex): no retries, no set of all IDs. */
class IdAllocator {
  private readonly counters = new Map<string, number>();
  constructor(private readonly rng: Prng) {}
  next(ymd: string, male: boolean): string {
    let area = this.rng.weighted(BIRTH_AREAS, BIRTH_CUM);
    for (let tries = 0; ; tries++) {
      const key = `${area}${ymd}${male ? 1 : 0}`;
      const n = this.counters.get(key) ?? 0;
      if (n < 500) {
        this.counters.set(key, n + 1);
        return makeIdNumber(area, ymd, n * 2 + (male ? 1 : 0));
      }
      area = BIRTH_AREAS[(BIRTH_AREAS.indexOf(area) + 1) % BIRTH_AREAS.length] as string;
      if (tries > BIRTH_AREAS.length) throw new Error('ID sequence space exhausted');
    }
  }
}

/** Phone numbers derived bijectively from the person's index: unique without remembering them. */
function phoneOf(index: number, a: number, b: number): string {
  const p = PHONE_PREFIXES.length;
  const body = (a * Math.floor(index / p) + b) % 100_000_000;
  return `${PHONE_PREFIXES[index % p]}${String(body).padStart(8, '0')}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function birthDate(rng: Prng, band: number): { ymd: string; iso: string; age: number } {
  const age = band * 5 + rng.int(band === 17 ? 15 : 5);
  const year = REF_YEAR - 1 - age;
  const month = 1 + rng.int(12);
  const day = 1 + rng.int(28);
  return { ymd: `${year}${pad(month)}${pad(day)}`, iso: `${year}-${pad(month)}-${pad(day)}`, age };
}

function doses(rng: Prng, age: number): Array<{ dose: number; date: string }> {
  if (age < 3 || !rng.chance(0.9)) return [];
  const count = rng.weighted([1, 2, 3], [10, 55, 100]);
  const first = Date.UTC(2021, 2, 1) + rng.int(180) * 86_400_000;
  const dates = [first, first + (21 + rng.int(35)) * 86_400_000];
  dates.push(Math.min((dates[1] as number) + (180 + rng.int(60)) * 86_400_000, Date.UTC(2022, 5, 30)));
  return dates.slice(0, count).map((d, i) => ({ dose: i + 1, date: new Date(d).toISOString().slice(0, 10) }));
}

/**
 * The city's people in batches, exactly `plan.people` of them, household by household and grid
 * by grid. Memory is bounded by the ID counters (one entry per birth place × date × sex).
 */
export function* iteratePeople(plan: CityPlan, batchSize = 10_000): Generator<SimPerson[]> {
  const rng = new Prng(plan.seed);
  const ids = new IdAllocator(rng);
  const phoneA = 1 + 2 * (rng.int(20_000_000) * 5 + 1); // odd and not a multiple of 5 → bijective mod 10^8
  const phoneB = rng.int(100_000_000);
  const totalHouseholds = plan.grids.reduce((s, g) => s + g.households, 0);
  let remainingPeople = plan.people;
  let remainingHouseholds = totalHouseholds;
  let index = 0;
  let batch: SimPerson[] = [];
  for (const [gi, grid] of plan.grids.entries()) {
    const isLastGrid = gi === plan.grids.length - 1;
    for (let h = 0; h < grid.households || (isLastGrid && remainingPeople > 0); h++) {
      if (remainingPeople === 0) break;
      const b = Math.min(Math.floor(h / 48), grid.buildings.length - 1);
      const building = grid.buildings[b] as string;
      const householdCode = `${building}${String(h - b * 48 + 1).padStart(4, '0')}`;
      const size = householdSize(rng, remainingPeople, Math.max(1, remainingHouseholds));
      remainingPeople -= size;
      remainingHouseholds -= 1;
      const special = rng.chance(0.02);
      const unit = 1 + (h % 2);
      const room = `${1 + ((h >> 1) % 6)}0${1 + ((h >> 3) % 4)}`;
      const address = `${plan.districtName}${grid.streetName}${grid.communityName}${b + 1}号楼${unit}单元${room}室`;
      let surname: string | undefined;
      for (let m = 0; m < size; m++) {
        const band = m === 0 ? rng.weighted(BAND_IDX, ADULT_CUM) : rng.weighted(BAND_IDX, ALL_CUM);
        const male = m === 1 ? !(batch[batch.length - 1]?.sex === 'M') : rng.chance(0.512);
        const bd = birthDate(rng, band);
        const name = personName(rng, male ? 'M' : 'F', m > 0 && bd.age < 18 ? surname : undefined);
        if (m === 0) surname = surnameOf(name);
        const tags: string[] = [];
        if (bd.age >= 18 && bd.age <= 65) {
          for (const [tag, p] of JOB_TAGS) if (rng.chance(p)) tags.push(tag);
          if (rng.chance(0.03)) tags.push('returning_worker');
        }
        if (special) tags.push('special_household');
        if (rng.chance(0.002)) tags.push('risk_area_arrival');
        batch.push({
          idNumber: ids.next(bd.ymd, male),
          name,
          sex: male ? 'M' : 'F',
          birthDate: bd.iso,
          phone: bd.age >= 12 ? phoneOf(index, phoneA, phoneB) : '',
          areaCode: building,
          gridCode: grid.code,
          householdCode,
          address,
          tags,
          doses: doses(rng, bd.age),
        });
        index++;
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
  }
  if (batch.length) yield batch;
}

/** A household size drawn from the census distribution, nudged so the city ends at exactly N people. */
function householdSize(rng: Prng, remainingPeople: number, remainingHouseholds: number): number {
  if (remainingHouseholds <= 1) return Math.min(remainingPeople, 6);
  let size = rng.weighted(SIZES, SIZE_CUM);
  const pace = remainingPeople / remainingHouseholds;
  if (pace > MEAN_HOUSEHOLD + 0.3 && size < 6) size += 1;
  if (pace < MEAN_HOUSEHOLD - 0.3 && size > 1) size -= 1;
  // Leave at least one person for every household still to come.
  return Math.min(size, Math.max(1, remainingPeople - (remainingHouseholds - 1)), remainingPeople);
}
