import { createHash } from 'node:crypto';
import { isValidMobile, validateIdNumber } from '../server/lib/id-number';
import { iteratePeople, planCity } from './index';

function digest(n: number, seed: number): string {
  const h = createHash('sha256');
  for (const b of iteratePeople(planCity({ seed, people: n }))) h.update(JSON.stringify(b));
  return h.digest('hex');
}

describe('synthetic city', () => {
  it('is deterministic per seed', () => {
    expect(digest(5000, 7)).toBe(digest(5000, 7));
    expect(digest(5000, 7)).not.toBe(digest(5000, 8));
  });

  it.each([1, 7, 50_000])('has exactly %i people', (n) => {
    let count = 0;
    for (const b of iteratePeople(planCity({ seed: 3, people: n }))) count += b.length;
    expect(count).toBe(n);
  });

  it('uses real divisions of 海州区 including 郁州街道', () => {
    const plan = planCity({ seed: 1, people: 50_000 });
    const street = plan.areas.find((a) => a.code === '320706022');
    expect(street).toMatchObject({ level: 'street', name: '郁州街道' });
    expect(plan.areas.filter((a) => a.level === 'street').length).toBeGreaterThan(5);
    for (const a of plan.areas) if (a.parentCode) expect(a.code.startsWith(a.parentCode)).toBe(true);
  });

  it('people have valid, unique ID numbers and phones, and live in a building of their grid', () => {
    // Checks are counted in plain code and asserted once: 100,000 people × five expect() calls
    // took most of this file's time and made it exceed its limit on a loaded 2-core machine.
    const plan = planCity({ seed: 11, people: 100_000 });
    const ids = new Set<string>();
    const phones = new Set<string>();
    const households = new Map<string, Set<string>>();
    const bad: Record<string, string[]> = { idNumber: [], sex: [], phone: [], grid: [], areaCode: [] };
    const note = (what: string, who: string) => {
      const list = bad[what] as string[];
      if (list.length < 5) list.push(who);
    };
    for (const batch of iteratePeople(plan)) {
      for (const p of batch) {
        const check = validateIdNumber(p.idNumber);
        if (!check.ok) note('idNumber', p.idNumber);
        else if (check.sex !== p.sex) note('sex', p.idNumber);
        ids.add(p.idNumber);
        if (p.phone) {
          if (!isValidMobile(p.phone)) note('phone', p.phone);
          phones.add(p.phone);
        }
        if (!p.areaCode.startsWith(p.gridCode)) note('grid', p.areaCode);
        if (p.areaCode.length !== 18) note('areaCode', p.areaCode);
        const set = households.get(p.gridCode) ?? new Set<string>();
        set.add(p.householdCode);
        households.set(p.gridCode, set);
      }
    }
    expect(bad).toEqual({ idNumber: [], sex: [], phone: [], grid: [], areaCode: [] });
    expect(ids.size).toBe(100_000);
    expect(phones.size).toBeGreaterThan(75_000);
    // Grids hold 300–500 households (the last grid may hold a remainder).
    const sizes = [...households.values()].map((s) => s.size);
    expect(sizes.slice(0, -1).filter((n) => n < 300 || n > 500)).toEqual([]);
  });

  it('has a realistic age pyramid and tags', () => {
    const plan = planCity({ seed: 5, people: 50_000 });
    let kids = 0;
    let elders = 0;
    let male = 0;
    let cold = 0;
    for (const b of iteratePeople(plan)) {
      for (const p of b) {
        const age = 2025 - Number(p.birthDate.slice(0, 4));
        if (age < 15) kids++;
        if (age >= 60) elders++;
        if (p.sex === 'M') male++;
        if (p.tags.includes('cold_chain')) cold++;
      }
    }
    expect(kids / 50_000).toBeGreaterThan(0.1);
    expect(kids / 50_000).toBeLessThan(0.25);
    expect(elders / 50_000).toBeGreaterThan(0.12);
    expect(elders / 50_000).toBeLessThan(0.3);
    expect(male / 50_000).toBeGreaterThan(0.45);
    expect(male / 50_000).toBeLessThan(0.56);
    expect(cold).toBeGreaterThan(20);
  });

  it('leaves a few responsibility gaps (断点盲区), but under 5%', () => {
    const plan = planCity({ seed: 9, people: 1_000_000 });
    const grids = plan.areas.filter((a) => a.level === 'grid');
    const covered = new Set(plan.responsibles.filter((r) => r.duty === 'grid_worker').map((r) => r.areaCode));
    const gaps = grids.filter((g) => !covered.has(g.code)).length;
    expect(gaps).toBeGreaterThan(0);
    expect(gaps / grids.length).toBeLessThan(0.05);
  });

  it('grid polygons are closed rings', () => {
    const plan = planCity({ seed: 1, people: 20_000 });
    const open = plan.areas
      .filter((x) => x.level === 'grid')
      .filter((a) => {
        const ring = a.geometry?.coordinates[0] ?? [];
        return ring.length !== 5 || JSON.stringify(ring[0]) !== JSON.stringify(ring[4]);
      });
    expect(open.map((a) => a.code)).toEqual([]);
  });
});
