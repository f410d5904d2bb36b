/**
 * Auto-assignment of people to rooms (pure): a household stays together in one room while it
 * fits (up to the room's max occupants), people go to the facility nearest their home area
 * (longest shared area-code prefix), and a room with a stranger in it is never shared.
 */
export interface Seeker {
  personId: string;
  areaCode: string;
  household: string | null;
}
export interface OpenRoom {
  id: string;
  facilityId: string;
  facilityArea: string;
  code: string;
  space: number;
  household: string | null;
  occupants: number;
}
export interface Assignment {
  personId: string;
  roomId: string;
  facilityId: string;
  roomCode: string;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

export function allocate(seekers: readonly Seeker[], rooms: readonly OpenRoom[]): { assigned: Assignment[]; unplaced: string[] } {
  const byFacility = new Map<string, { area: string; free: OpenRoom[] }>();
  const familyRoom = new Map<string, OpenRoom>();
  for (const r of [...rooms].sort((a, b) => a.code.localeCompare(b.code))) {
    if (r.occupants > 0 && r.household && r.space > 0) familyRoom.set(r.household, r);
    if (r.occupants > 0) continue;
    const f = byFacility.get(r.facilityId) ?? { area: r.facilityArea, free: [] };
    f.free.push(r);
    byFacility.set(r.facilityId, f);
  }
  const facilities = [...byFacility.entries()];
  const cursor = new Map<string, number>(facilities.map(([id]) => [id, 0]));
  const assigned: Assignment[] = [];
  const unplaced: string[] = [];
  const groups = new Map<string, Seeker[]>();
  for (const s of seekers) {
    const key = s.household ?? `solo:${s.personId}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  for (const [key, members] of groups) {
    const household = key.startsWith('solo:') ? null : key;
    const queue = [...members];
    let room = household ? familyRoom.get(household) : undefined;
    while (queue.length) {
      if (!room || room.space === 0) room = takeRoom(queue[0]?.areaCode ?? '');
      if (!room) {
        unplaced.push(...queue.map((q) => q.personId));
        break;
      }
      const s = queue.shift();
      if (!s) break;
      assigned.push({ personId: s.personId, roomId: room.id, facilityId: room.facilityId, roomCode: room.code });
      room.space -= 1;
      room.occupants += 1;
      if (!household)
        room.space = 0; // a stranger never shares
      else familyRoom.set(household, room);
    }
  }
  return { assigned, unplaced };

  function takeRoom(area: string): OpenRoom | undefined {
    let best: { id: string; score: number; left: number } | null = null;
    for (const [id, f] of facilities) {
      const left = f.free.length - (cursor.get(id) ?? 0);
      if (left <= 0) continue;
      const score = sharedPrefix(area, f.area);
      if (!best || score > best.score || (score === best.score && left > best.left)) best = { id, score, left };
    }
    if (!best) return undefined;
    const i = cursor.get(best.id) ?? 0;
    cursor.set(best.id, i + 1);
    return byFacility.get(best.id)?.free[i];
  }
}
