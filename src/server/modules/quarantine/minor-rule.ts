/**
 * Minors and dependants are placed with a guardian or carer (issue 12: a 4-year-old close contact
 * was placed alone). Pure: the service gives the people of one placement step, the rooms the
 * allocation chose, and the adults already in those rooms; it gets back who may not be placed and why.
 *
 * A person needs care when they are under 14 on the day (birth date from the ID number) or flagged
 * a dependant by the caller (an elderly or disabled person living with family). Such a person is
 * placed only in the same room as an adult who does not need care — placed in the same step or
 * already there — or when a guardian or carer is named for them (a relative coming in, or site
 * staff). Home quarantine needs no room: the family is at home, so the rule does not apply.
 */
export const MINOR_AGE = 14;

/** Whole years between a birth date and a day (both YYYY-MM-DD), as a birthday counts them. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export interface CarePerson {
  personId: string;
  birthDate: string | null;
  /** Flagged a dependant by the caller. */
  dependant: boolean;
  /** A guardian or carer named for this person. */
  carer: string | null;
}

export function needsCare(p: Pick<CarePerson, 'birthDate' | 'dependant'>, day: string): boolean {
  return p.dependant || (p.birthDate !== null && ageOn(p.birthDate, day) < MINOR_AGE);
}

export interface CareRefusal {
  personId: string;
  age: number | null;
}

/**
 * Who may not be placed: each person needing care, with no carer named, whose room (null = home)
 * holds no adult of this step and no adult already there (`adultsIn`: rooms with an adult present).
 */
export function unaccompanied(
  people: readonly CarePerson[],
  roomOf: ReadonlyMap<string, string | null>,
  adultsIn: ReadonlySet<string>,
  day: string,
): CareRefusal[] {
  const caredFor = new Set<string>();
  const adultRooms = new Set(adultsIn);
  for (const p of people) {
    const room = roomOf.get(p.personId);
    if (needsCare(p, day)) caredFor.add(p.personId);
    else if (room) adultRooms.add(room);
  }
  return people
    .filter((p) => caredFor.has(p.personId) && !p.carer?.trim())
    .filter((p) => {
      const room = roomOf.get(p.personId);
      return room !== null && room !== undefined && !adultRooms.has(room);
    })
    .map((p) => ({ personId: p.personId, age: p.birthDate ? ageOn(p.birthDate, day) : null }));
}

/** The reason shown for a refusal, in the user's words (the web shows it as given). */
export function careReason(r: CareRefusal): string {
  return r.age !== null && r.age < MINOR_AGE
    ? `未成年人（${r.age}岁）须与监护人同住一间，或指定监护人/看护人后再安排`
    : '需看护人员须与看护人同住一间，或指定看护人后再安排';
}
