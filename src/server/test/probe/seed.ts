import { makeIdNumber } from '../../lib/id-number';
import { maskIdNumber, maskPhone } from '../../lib/masking';
import { sendHandoffs } from '../../modules/access';
import { AlertSweep } from '../../modules/alerts/sweep.service';
import { AREAS, seedAreas } from '../fixtures';
import type { TestContext } from '../harness';
import type { SeedApi } from './seed-api';

/** Fixed instants: seeding happens before PROBE_TIME on every database, so time-derived figures agree. */
export const T0 = Date.parse('2026-05-06T02:00:00.000Z');
export const at = (min: number) => new Date(T0 + min * 60_000).toISOString();
export const PROBE_TIME = at(180);
export const PASSWORD = 'Probe-password-123';

export interface Resident {
  id: string;
  name: string;
  idNumber: string;
  phone: string;
}

/** The kinds of record the probe fills path parameters and identifying fields with. */
export type Kind =
  | 'person'
  | 'responsible'
  | 'round'
  | 'site'
  | 'lab'
  | 'tube'
  | 'box'
  | 'recheck'
  | 'venue'
  | 'case'
  | 'span'
  | 'contact'
  | 'notice'
  | 'arrival'
  | 'facility'
  | 'room'
  | 'placement'
  | 'task'
  | 'transfer'
  | 'vehicle'
  | 'run'
  | 'handoff'
  | 'user'
  | 'token'
  | 'work_group'
  | 'rotation'
  | 'alert'
  | 'incident'
  | 'zone';

/** Street B as the probe knows it: one record of each kind (id and, where it has one, code). */
export interface StreetB {
  people: Resident[];
  ids: Record<Kind, string>;
  codes: Partial<Record<Kind, string>>;
  /**
   * Street A's own records that street-B data touches (street A's venue, visited by a street-B
   * resident; street A's case, whom that resident met): asked with these, street A's answers must
   * still show street B only as counts.
   */
  touchedInA: { venue: string; case: string; person: string };
  /** A sealed street-B tube in no box yet. */
  unboxedTube: string;
}

/** What street A's seed made that the actors need (their work sites). */
export interface StreetA {
  people: Resident[];
  siteCode: string;
  labCode: string;
  facilityId: string;
  /** By code, not id: the same in the full database and the baseline. */
  caseCode: string;
}

const resident = (prefix: string, i: number, born: string, seq: number, phone: string, name: string) => ({
  idNumber: makeIdNumber('320706', born, seq),
  name,
  phone,
  key: `${prefix}${i}`,
});

const A_NAMES = ['郁明一', '郁明二', '郁明三', '郁明四', '郁明五', '郁明六'];
/** Every street-B name carries 濮, a character no other seeded text has: a marker by itself. */
const B_NAMES = ['濮阳一', '濮阳二', '濮阳三', '濮阳四', '濮阳五', '濮阳六'];

async function registerPeople(api: SeedApi, names: string[], area: string, born: string, seq: number, phonePrefix: string, household: string, tag: string) {
  const out: Resident[] = [];
  for (const [i, name] of names.entries()) {
    const r = resident(name, i, `${born}${String(i + 1).padStart(2, '0')}`, seq + i, `${phonePrefix}${String(i).padStart(2, '0')}`, name);
    const body = await api.post<{ person: { id: string } }>('/people', {
      idNumber: r.idNumber,
      name,
      areaCode: area,
      phone: r.phone,
      householdCode: i < 2 ? household : undefined,
      tags: i === 0 ? [tag] : undefined,
    });
    out.push({ id: body.person.id, name, idNumber: r.idNumber, phone: r.phone });
  }
  return out;
}

const csv = (rows: string[][]) => rows.map((r) => r.join(',')).join('\n');

/**
 * Street A's data, seeded identically into the full database and into the B-free baseline:
 * people, a responsible, a site, a lab, a district-wide round and a street round with samples, a
 * box and results (a positive pool), a venue with check-ins, a case with a span and a contact, a
 * 协查 notice, an arrival, a facility with a placement and a check, a vehicle and a transfer.
 */
export async function seedStreetA(t: TestContext, api: SeedApi): Promise<StreetA & { districtRound: string }> {
  t.clock.set(at(0));
  await seedAreas(t);
  const people = await registerPeople(api, A_NAMES, AREAS.buildingA, '198501', 101, '139000010', 'YZ-H01', 'cold_chain');
  await api.post(`/areas/${AREAS.gridA}/responsibles`, { duty: 'grid_worker', name: '郁网格', phone: '13900001999' });
  await api.post('/testing/sites', { code: 'SA01', name: '郁州采样点', area: AREAS.streetA });
  await api.post('/testing/labs', { code: 'LABA', name: '郁州检测站', area: AREAS.streetA, dailyCapacity: 1000 });
  const districtRound = (await api.post<{ id: string }>('/testing/rounds', { areas: [AREAS.district], poolSize: 5, startsAt: at(-240) })).id;
  const roundA = (await api.post<{ id: string }>('/testing/rounds', { areas: [AREAS.streetA], poolSize: 5, startsAt: at(-240) })).id;
  const sample = (round: string, tube: string, site: string, p: Resident, min: number) => ({
    roundId: round,
    tubeBarcode: tube,
    idNumber: p.idNumber,
    siteCode: site,
    collectedAt: at(min),
    collector: '采样员',
  });
  await api.post('/testing/samples', {
    samples: [
      ...people.slice(0, 5).map((p, i) => sample(roundA, 'YZT001', 'SA01', p, -100 + i)),
      ...people.slice(0, 3).map((p, i) => sample(districtRound, 'YZT002', 'SA01', p, -90 + i)),
    ],
  });
  await api.post('/testing/tubes/YZT002/seal');
  await api.post('/testing/boxes', { code: 'YZBOX1', roundId: roundA, siteCode: 'SA01', tubeBarcodes: ['YZT001'] });
  await api.post('/testing/boxes/YZBOX1/handover', { labCode: 'LABA' });
  await api.post('/testing/boxes/YZBOX1/receive', { labCode: 'LABA', tubeBarcodes: ['YZT001'] });
  await api.post('/testing/results', {
    results: [
      { tubeBarcode: 'YZT001', result: 'negative', testedAt: at(-30), labCode: 'LABA' },
      { tubeBarcode: 'YZT002', result: 'positive', testedAt: at(-30), labCode: 'LABA', ctN: 30, ctOrf1ab: 31 },
    ],
  });

  await api.upload('/tracing/venues/import', {
    filename: 'venues.csv',
    content: csv([
      ['venue_code', 'name', 'type', 'area_code'],
      ['V-YZ01', '郁州菜市场', 'market', AREAS.communityA],
    ]),
  });
  await api.post('/tracing/checkins', {
    checkins: [
      { idNumber: people[3]!.idNumber, venueCode: 'V-YZ01', scannedAt: at(-120) },
      { idNumber: people[4]!.idNumber, venueCode: 'V-YZ01', scannedAt: at(-115) },
    ],
  });
  const caseA = await api.post<{ id: string; code: string }>('/tracing/cases', { idNumber: people[3]!.idNumber, onsetDate: '2026-05-06' });
  await api.post(`/tracing/cases/${caseA.id}/spans`, { venueCode: 'V-YZ01', startsAt: at(-125), endsAt: at(-110) });
  await api.post(`/tracing/cases/${caseA.id}/contacts`, { personId: people[5]!.id });
  await api.post('/tracing/notices', {
    area: AREAS.streetA,
    notices: [{ name: people[2]!.name, idNumber: people[2]!.idNumber, reason: '时空伴随', issuer: '南京市协查组', deadline: at(600) }],
  });
  await api.post('/tracing/arrivals', { idNumber: people[1]!.idNumber, origin: '上海市', riskLevel: 'high', arrivedAt: at(-60), checkpoint: '连云港站' });

  const facility = await api.post<{ id: string }>('/quarantine/facilities', { name: '郁州隔离点', type: 'quarantine', areaCode: AREAS.streetA, rooms: 3 });
  await api.post('/quarantine/placements', { personId: people[5]!.id, reason: 'close-contact', facilityId: facility.id });
  const placementA = await t.ctx.db.selectFrom('placements').select('id').where('person_id', '=', people[5]!.id).executeTakeFirstOrThrow();
  await api.post(`/quarantine/placements/${placementA.id}/checks`, { temperature: 36.6 });
  await api.post('/transfers/vehicles', { plate: '苏G·YZ001', capacity: 4, driver: '郁司机', areaCode: AREAS.streetA });
  await api.post('/transfers', { personIds: [people[4]!.id], toFacilityId: facility.id, reason: 'close-contact' });
  // street A's own alerts, in the baseline as well (street B's seed runs the sweep again for its own)
  await new AlertSweep(t.ctx).run();
  return { people, siteCode: 'SA01', labCode: 'LABA', facilityId: facility.id, caseCode: caseA.code, districtRound };
}

async function one(t: TestContext, table: string, where: Record<string, string>): Promise<string> {
  let q = t.ctx.db.selectFrom(table as 'persons').select('id');
  for (const [k, v] of Object.entries(where)) q = q.where(k as 'id', '=', v);
  const row = await q.executeTakeFirst();
  if (!row) throw new Error(`seed: no ${table} row where ${JSON.stringify(where)}`);
  return String(row.id);
}

/**
 * Street B's data, only in the full database: the same kinds as street A's, plus a street-B
 * resident seen at street A's venue, a hand-off to street B, and a user and a token of street B.
 */
export async function seedStreetB(t: TestContext, api: SeedApi, a: StreetA & { districtRound: string }): Promise<StreetB> {
  t.clock.set(at(30));
  const people = await registerPeople(api, B_NAMES, AREAS.buildingB, '199002', 901, '137000090', 'QY-H01', 'cold_chain');
  const responsible = await api.post<{ id: string }>(`/areas/${AREAS.gridB}/responsibles`, { duty: 'grid_worker', name: '濮网格', phone: '13700009999' });
  await api.post('/testing/sites', { code: 'QYS01', name: '濮阳采样点', area: AREAS.streetB });
  await api.post('/testing/labs', { code: 'QYLAB', name: '濮阳检测站', area: AREAS.streetB, dailyCapacity: 800 });
  const round = (await api.post<{ id: string }>('/testing/rounds', { areas: [AREAS.streetB], poolSize: 5, startsAt: at(-240), name: '濮阳筛查' })).id;
  const sample = (roundId: string, tube: string, p: Resident, min: number) => ({
    roundId,
    tubeBarcode: tube,
    idNumber: p.idNumber,
    siteCode: 'QYS01',
    collectedAt: at(min),
    collector: '濮采样员',
  });
  await api.post('/testing/samples', {
    samples: [
      ...people.slice(0, 5).map((p, i) => sample(round, 'QYT001', p, i)),
      ...people.slice(0, 3).map((p, i) => sample(a.districtRound, 'QYT002', p, 10 + i)),
      sample(round, 'QYT003', people[5]!, 15),
    ],
  });
  await api.post('/testing/tubes/QYT002/seal');
  await api.post('/testing/tubes/QYT003/seal');
  await api.post('/testing/boxes', { code: 'QYBOX1', roundId: round, siteCode: 'QYS01', tubeBarcodes: ['QYT001'] });
  await api.post('/testing/boxes/QYBOX1/handover', { labCode: 'QYLAB' });
  await api.post('/testing/boxes/QYBOX1/receive', { labCode: 'QYLAB', tubeBarcodes: ['QYT001'] });
  await api.post('/testing/results', {
    results: [
      { tubeBarcode: 'QYT001', result: 'positive', testedAt: at(20), labCode: 'QYLAB', ctN: 28, ctOrf1ab: 29 },
      { tubeBarcode: 'QYT002', result: 'negative', testedAt: at(21), labCode: 'QYLAB' },
    ],
  });
  // a box still at the site: the one the probe tries to hand over and receive
  await api.post('/testing/boxes', { code: 'QYBOX2', roundId: a.districtRound, siteCode: 'QYS01', tubeBarcodes: ['QYT002'] });
  const recheck = await one(t, 'rechecks', { person_id: people[0]!.id });

  await api.upload('/tracing/venues/import', {
    filename: 'venues.csv',
    content: csv([
      ['venue_code', 'name', 'type', 'area_code'],
      ['V-QY01', '濮阳超市', 'supermarket', AREAS.communityB],
    ]),
  });
  await api.post('/tracing/checkins', {
    checkins: [
      { idNumber: people[0]!.idNumber, venueCode: 'V-QY01', scannedAt: at(-60) },
      { idNumber: people[1]!.idNumber, venueCode: 'V-QY01', scannedAt: at(-58) },
      // a street-B resident at street A's venue, beside street A's case
      { idNumber: people[2]!.idNumber, venueCode: 'V-YZ01', scannedAt: at(-118) },
      // a scan of an unknown venue: kept apart, with the resident's masked ID number
      { idNumber: people[5]!.idNumber, venueCode: 'V-QY99', scannedAt: at(-40) },
    ],
  });
  const caseB = await api.post<{ id: string; code: string }>('/tracing/cases', { idNumber: people[0]!.idNumber, onsetDate: '2026-05-06' });
  const span = await api.post<{ id: string }>(`/tracing/cases/${caseB.id}/spans`, {
    venueCode: 'V-QY01',
    startsAt: at(-65),
    endsAt: at(-50),
    place: '濮阳超市',
  });
  const contact = await api.post<{ id: string }>(`/tracing/cases/${caseB.id}/contacts`, { personId: people[1]!.id });
  await api.post(`/tracing/cases/${caseB.id}/trace`);
  await api.post(`/tracing/contacts/${contact.id}/decision`, { decision: 'confirm' });
  await api.post('/tracing/notices', {
    area: AREAS.streetB,
    notices: [{ name: people[3]!.name, idNumber: people[3]!.idNumber, reason: '同乘航班', issuer: '上海市协查组', deadline: at(600) }],
  });
  const notice = await one(t, 'assist_notices', { person_id: people[3]!.id });
  const arrival = await api.post<{ id: string }>('/tracing/arrivals', {
    idNumber: people[4]!.idNumber,
    origin: '上海市',
    riskLevel: 'high',
    arrivedAt: at(0),
    checkpoint: '濮阳卡口',
  });

  const facility = await api.post<{ id: string }>('/quarantine/facilities', { name: '濮阳隔离酒店', type: 'quarantine', areaCode: AREAS.streetB, rooms: 3 });
  await api.post('/quarantine/placements', { personId: people[1]!.id, reason: 'close-contact', facilityId: facility.id });
  const placement = await one(t, 'placements', { person_id: people[1]!.id });
  await api.post(`/quarantine/placements/${placement}/checks`, { temperature: 38.2, needs: '濮家需要药品' });
  await api.post(`/quarantine/placements/${placement}/tests`, { day: 1, result: 'negative' });
  await api.post(`/quarantine/facilities/${facility.id}/waste`, { weightKg: 5, handler: '濮师傅' });
  const room = await one(t, 'rooms', { facility_id: facility.id });
  const task = await one(t, 'site_tasks', { placement_id: placement });
  const vehicle = await api.post<{ id: string }>('/transfers/vehicles', { plate: '苏G·QY001', capacity: 4, driver: '濮司机', areaCode: AREAS.streetB });
  const transfer = await api.post<{ items: Array<{ id: string }> }>('/transfers', {
    personIds: [people[5]!.id],
    toFacilityId: facility.id,
    reason: 'close-contact',
  });
  // a vehicle run (its 转运单 is printable): approved, then given the street's vehicle
  await api.post('/transfers/advance', { ids: [transfer.items[0]!.id], to: 'approved' });
  const run = await api.post<{ runId: string }>('/transfers/assign', { ids: [transfer.items[0]!.id], vehicleId: vehicle.id });

  const handoff = await t.ctx.db.transaction().execute(async (trx) => {
    await sendHandoffs(t.ctx, trx, t.admin, AREAS.streetA, [
      { areaCode: AREAS.buildingB, kind: 'contact_elsewhere', personId: people[2]!.id, subjectType: 'case', subjectId: caseB.id, message: '濮阳三为密接' },
    ]);
    return (await trx.selectFrom('handoffs').select('id').where('person_id', '=', people[2]!.id).executeTakeFirstOrThrow()).id;
  });
  const user = await api.post<{ user: { id: string } }>('/users', {
    username: 'qy-official',
    displayName: '濮阳街道官员',
    role: 'area_official',
    scope: [AREAS.streetB],
    password: PASSWORD,
  });
  const token = await api.post<{ id: string }>('/tokens', { name: 'qy-lab-token', role: 'lab', scope: [AREAS.streetB] });
  // street B's tracing group, on duty around the clock by its lead (the roster routes must not show it to street A)
  const group = await api.post<{ id: string }>('/work-groups', { code: 'tracing', name: '濮阳街道流调组', areaCode: AREAS.streetB, leadUserId: user.user.id });
  const rotation = await api.post<{ id: string }>('/roster/rotations', { groupId: group.id, startsAt: at(-600), shift: '8h', members: [user.user.id] });
  // the alert street B's records raise (the sweep the 15 s job runs), and an incident in street B
  // with the city's six-rapid plan activated and the case linked: the response by-id GETs are probed
  await new AlertSweep(t.ctx).run();
  const alert = await one(t, 'alerts', { area_code: AREAS.streetB });
  const incident = await api.post<{ id: string }>('/incidents', { name: '濮0506', areaCode: AREAS.streetB, t0: at(20) });
  await api.post(`/incidents/${incident.id}/links`, { kind: 'case', refId: caseB.id });
  await api.post(`/incidents/${incident.id}/activate`, { planCode: 'six-rapid' });
  const zone = await api.post<{ id: string }>(`/incidents/${incident.id}/zones`, { kind: 'sealed', name: '濮阳封控区', areaCodes: [AREAS.buildingB] });

  return {
    people,
    ids: {
      person: people[0]!.id,
      responsible: responsible.id,
      round,
      site: await one(t, 'sampling_sites', { code: 'QYS01' }),
      lab: await one(t, 'labs', { code: 'QYLAB' }),
      tube: await one(t, 'tubes', { barcode: 'QYT001' }),
      box: await one(t, 'boxes', { code: 'QYBOX2' }),
      recheck,
      venue: 'V-QY01',
      case: caseB.id,
      span: span.id,
      contact: contact.id,
      notice,
      arrival: arrival.id,
      facility: facility.id,
      room,
      placement,
      task,
      transfer: transfer.items[0]!.id,
      vehicle: vehicle.id,
      run: run.runId,
      handoff,
      user: user.user.id,
      token: token.id,
      work_group: group.id,
      rotation: rotation.id,
      alert,
      incident: incident.id,
      zone: zone.id,
    },
    touchedInA: { venue: 'V-YZ01', case: a.caseCode, person: a.people[0]!.id },
    unboxedTube: 'QYT003',
    codes: { tube: 'QYT001', box: 'QYBOX2', venue: 'V-QY01', site: 'QYS01', lab: 'QYLAB', case: caseB.code, person: people[0]!.idNumber, round },
  };
}

/** Masked forms as the system shows them: a marker in any of its forms is a leak. */
export function residentMarkers(p: Resident): Array<{ value: string; what: string }> {
  return [
    { value: p.id, what: `person id (${p.name})` },
    { value: p.name, what: `name ${p.name}` },
    { value: p.idNumber, what: `ID number of ${p.name}` },
    { value: maskIdNumber(p.idNumber), what: `masked ID number of ${p.name}` },
    { value: p.phone, what: `phone of ${p.name}` },
    { value: maskPhone(p.phone), what: `masked phone of ${p.name}` },
  ];
}
