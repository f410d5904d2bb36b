import { allocate, type OpenRoom, type Seeker } from './allocation';

const room = (id: string, facilityId: string, facilityArea: string, space = 2, extra: Partial<OpenRoom> = {}): OpenRoom => ({
  id,
  facilityId,
  facilityArea,
  code: id,
  space,
  household: null,
  occupants: 0,
  ...extra,
});
const seeker = (personId: string, areaCode: string, household: string | null = null): Seeker => ({ personId, areaCode, household });

describe('room allocation', () => {
  it('keeps a household together while the room has space', () => {
    const r = allocate(
      [seeker('a', '320706022001', 'H1'), seeker('b', '320706022001', 'H1')],
      [room('r1', 'F', '320706022', 3), room('r2', 'F', '320706022', 3)],
    );
    expect(r.unplaced).toEqual([]);
    expect(new Set(r.assigned.map((x) => x.roomId)).size).toBe(1);
  });

  it('never puts a stranger with someone else', () => {
    const r = allocate([seeker('a', '320706022001'), seeker('b', '320706022001')], [room('r1', 'F', '320706022', 4), room('r2', 'F', '320706022', 4)]);
    expect(r.assigned.map((x) => x.roomId).sort()).toEqual(['r1', 'r2']);
  });

  it('sends people to the facility nearest their home area', () => {
    const rooms = [room('far1', 'FAR', '320706001'), room('near1', 'NEAR', '320706022')];
    const r = allocate([seeker('a', '320706022001001')], rooms);
    expect(r.assigned[0]).toMatchObject({ facilityId: 'NEAR', roomId: 'near1' });
  });

  it('joins a household already in a room with space, and spills over when it is full', () => {
    const occupied = room('r1', 'F', '320706022', 1, { household: 'H1', occupants: 1 });
    const r = allocate([seeker('a', '320706022', 'H1'), seeker('b', '320706022', 'H1')], [occupied, room('r2', 'F', '320706022', 2)]);
    expect(r.assigned.map((x) => [x.personId, x.roomId])).toEqual([
      ['a', 'r1'],
      ['b', 'r2'],
    ]);
  });

  it('reports who could not be placed', () => {
    const r = allocate([seeker('a', '32'), seeker('b', '32'), seeker('c', '32')], [room('r1', 'F', '32')]);
    expect(r.assigned).toHaveLength(1);
    expect(r.unplaced.sort()).toEqual(['b', 'c']);
  });
});
