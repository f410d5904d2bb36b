import { makeIdNumber } from '../lib/id-number';
import { AreaRepository } from '../modules/areas/area.repository';
import type { AreaLevel, AreaRow } from '../modules/areas/areas.table';
import { PeopleService } from '../modules/people/people.service';
import type { PersonInput } from '../modules/people/person-input';
import type { PersonView } from '../modules/people/person-view';
import type { TestContext } from './harness';

/** Two streets of 海州区, each with one community, grid and building — enough to test scope. */
export const AREAS = {
  province: '32',
  city: '3207',
  district: '320706',
  streetA: '320706022', // 郁州街道
  communityA: '320706022001',
  gridA: '320706022001001',
  buildingA: '320706022001001001',
  streetB: '320706001', // 朐阳街道
  communityB: '320706001001',
  gridB: '320706001001001',
  buildingB: '320706001001001001',
} as const;

const names: Record<string, [string, AreaLevel]> = {
  '32': ['江苏省', 'province'],
  '3207': ['连云港市', 'city'],
  '320706': ['海州区', 'district'],
  '320706022': ['郁州街道', 'street'],
  '320706022001': ['郁州社区', 'community'],
  '320706022001001': ['第1网格', 'grid'],
  '320706022001001001': ['郁州花园1号楼', 'building'],
  '320706001': ['朐阳街道', 'street'],
  '320706001001': ['朐阳社区', 'community'],
  '320706001001001': ['第1网格', 'grid'],
  '320706001001001001': ['朐阳小区1号楼', 'building'],
};

export async function seedAreas(t: TestContext): Promise<void> {
  const now = t.clock.nowIso();
  const rows: AreaRow[] = Object.entries(names).map(([code, [name, level]]) => ({
    code,
    parent_code: parentOf(code),
    level,
    name,
    geometry: null,
    centroid_lon: null,
    centroid_lat: null,
    population: 0,
    households: 0,
    created_at: now,
  }));
  await new AreaRepository(t.ctx.db, t.ctx.dialect).insertMany(rows);
}

function parentOf(code: string): string | null {
  const lengths = [2, 4, 6, 9, 12, 15, 18];
  const i = lengths.indexOf(code.length);
  return i > 0 ? code.slice(0, lengths[i - 1]) : null;
}

let seq = 0;

/** A valid, unique resident ID number (born 1980-01-01 + n days). */
export function newIdNumber(): string {
  const n = seq++;
  const d = new Date(Date.UTC(1980, 0, 1 + (n % 9000)));
  const ymd = d.toISOString().slice(0, 10).replace(/-/g, '');
  return makeIdNumber('320706', ymd, 100 + Math.floor(n / 9000));
}

/** Register a person through the real service (defaults: building A, random valid ID). */
export async function newPerson(t: TestContext, overrides: Partial<PersonInput> = {}): Promise<PersonView & { idNumber: string }> {
  const idNumber = overrides.idNumber ?? newIdNumber();
  const p = await new PeopleService(t.ctx).createPerson(t.admin, {
    idNumber,
    name: '测试居民',
    areaCode: AREAS.buildingA,
    phone: `139${String(10_000_000 + seq).slice(-8)}`,
    ...overrides,
  });
  return { ...p, idNumber };
}
