import { describe, expect, it } from 'vitest';
import { ageOn, needsCare, unaccompanied, type CarePerson } from './minor-rule';

const day = '2026-12-01';
const child: CarePerson = { personId: 'child', birthDate: '2022-05-10', dependant: false, carer: null };
const mother: CarePerson = { personId: 'mother', birthDate: '1990-03-02', dependant: false, carer: null };

describe('minors and dependants are placed with a guardian or carer', () => {
  it('counts age by birthdays: 13 the day before the 14th birthday, 14 on it', () => {
    expect(ageOn('2012-12-02', day)).toBe(13);
    expect(ageOn('2012-12-01', day)).toBe(14);
    expect(needsCare({ birthDate: '2012-12-02', dependant: false }, day)).toBe(true);
    expect(needsCare({ birthDate: '2012-12-01', dependant: false }, day)).toBe(false);
    expect(needsCare({ birthDate: null, dependant: true }, day)).toBe(true);
  });
  it('refuses a 4-year-old placed alone, naming the age', () => {
    expect(unaccompanied([child], new Map([['child', 'r1']]), new Set(), day)).toEqual([{ personId: 'child', age: 4 }]);
  });
  it('accepts the child in the same room as its mother, refuses it in another room', () => {
    expect(
      unaccompanied(
        [child, mother],
        new Map([
          ['child', 'r1'],
          ['mother', 'r1'],
        ]),
        new Set(),
        day,
      ),
    ).toEqual([]);
    expect(
      unaccompanied(
        [child, mother],
        new Map([
          ['child', 'r2'],
          ['mother', 'r1'],
        ]),
        new Set(),
        day,
      ),
    ).toHaveLength(1);
  });
  it('accepts the child joining a room where an adult already is, or with a named carer, or at home', () => {
    expect(unaccompanied([child], new Map([['child', 'r1']]), new Set(['r1']), day)).toEqual([]);
    expect(unaccompanied([{ ...child, carer: '母亲 王某' }], new Map([['child', 'r1']]), new Set(), day)).toEqual([]);
    expect(unaccompanied([child], new Map([['child', null]]), new Set(), day)).toEqual([]);
  });
  it('a dependant does not count as the adult who cares for a child', () => {
    const grandpa: CarePerson = { personId: 'grandpa', birthDate: '1940-01-01', dependant: true, carer: null };
    const refused = unaccompanied(
      [child, grandpa],
      new Map([
        ['child', 'r1'],
        ['grandpa', 'r1'],
      ]),
      new Set(),
      day,
    );
    expect(refused.map((r) => r.personId).sort()).toEqual(['child', 'grandpa']);
  });
});
