import { AREAS, newIdNumber, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';

const HEADER = 'id_number,name,sex,birth_date,phone,area_code,address,household,tags';

/** A multipart upload of CSV lines, as the web sends it. */
function upload(lines: string[]) {
  const boundary = '----eg-scope';
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n${[HEADER, ...lines].join('\r\n')}\r\n--${boundary}--\r\n`;
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body };
}

for (const dialect of testDialects()) {
  describe(`[${dialect}] people by scope: import take-over, registration elsewhere, moves`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
      (await t.app()).inject({ method, url: `/api/v1${url}`, headers: { cookie }, payload: payload as never });
    const stored = (id: string) => t.ctx.db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const population = async (code: string) =>
      Number((await t.ctx.db.selectFrom('areas').select('population').where('code', '=', code).executeTakeFirstOrThrow()).population);
    const counted = async (code: string) =>
      Number(
        (
          await t.ctx.db
            .selectFrom('persons')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('area_code', '>=', code)
            .where('area_code', '<', `${code}~`)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const audits = (action: string) => t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute();

    it('refuses the take-over: a street-A import naming a street-B resident with a new name and phone', async () => {
      const b = await newPerson(t, { name: '乙街道居民', areaCode: AREAS.buildingB, phone: '13911110000' });
      const before = await stored(b.id);
      const popB = await population(AREAS.streetB);
      const { cookie } = await t.loginAs('area_official', [AREAS.streetA]);
      const fresh = newIdNumber();
      const file = upload([`${b.idNumber},冒名者,,,13600009999,${AREAS.buildingA},,,`, `${fresh},新居民,,,,${AREAS.buildingA},,,`]);
      const res = await (await t.app()).inject({ method: 'POST', url: '/api/v1/people/import', headers: { cookie, ...file.headers }, payload: file.payload });
      const out = res.json();
      expect(out).toMatchObject({ accepted: 1, rejected: 1, updated: 0 });
      expect(out.errors).toEqual([
        {
          row: 2,
          column: 'id_number',
          reason: "this ID number cannot be imported in your area; ask the person's current area to move them",
          reasonCode: 'registered_elsewhere',
        },
      ]);
      // B's record is exactly as it was, and B's counters too.
      expect(await stored(b.id)).toEqual(before);
      expect(await population(AREAS.streetB)).toBe(popB);
      // The attempt is audited with counts (no ID number, no phone), the created person named by id.
      const entry = (await audits('people.imported')).at(-1);
      const details = JSON.parse(entry?.details ?? '{}');
      expect(details.refused).toMatchObject({ registeredElsewhere: 1 });
      expect(details.created).toHaveLength(1);
      expect(details.changed).toEqual([]);
      expect(entry?.details).not.toContain(b.idNumber);
      expect(entry?.details).not.toContain(b.id);
      expect(JSON.stringify(out)).not.toContain(b.id);
      // Nor does the hand-off's own audit entry say where the resident lives.
      const sent = (await audits('handoff.sent')).at(-1);
      expect(JSON.parse(sent?.details ?? '{}')).toMatchObject({ kind: 'claimed_elsewhere', sent: 1, areas: { elsewhere: 1 } });
      expect(sent?.details).not.toContain(AREAS.streetB);
      // Street B (and only B) is told that someone tried to register their resident.
      const { cookie: bCookie } = await t.loginAs('area_official', [AREAS.streetB]);
      const inbox = (await call('GET', '/handoffs', bCookie)).json().items;
      const claims = inbox.filter((h: { kind: string; personId: string }) => h.kind === 'claimed_elsewhere' && h.personId === b.id);
      expect(claims).toHaveLength(1);
      expect(claims[0]).toMatchObject({ fromAreaCode: AREAS.streetA, person: { id: b.id, nameMasked: '乙***民', idNumberMasked: b.idNumberMasked } });
      expect(JSON.stringify(claims[0])).not.toContain('13600009999');
      expect((await call('GET', '/handoffs', cookie)).json().items.some((h: { personId: string }) => h.personId === b.id)).toBe(false);
      // The same row imported again changes nothing and sends nothing new.
      const again = await (await t.app()).inject({ method: 'POST', url: '/api/v1/people/import', headers: { cookie, ...file.headers }, payload: file.payload });
      expect(again.json()).toMatchObject({ accepted: 0, unchanged: 1, rejected: 1 });
      expect((await call('GET', '/handoffs', bCookie)).json().items.filter((h: { personId: string }) => h.personId === b.id)).toHaveLength(1);
    });

    it('names the people an import created and changed, by id, per transaction', async () => {
      const a = await newPerson(t, { name: '甲居民', areaCode: AREAS.buildingA });
      const { cookie } = await t.loginAs('area_official', [AREAS.streetA]);
      const fresh = newIdNumber();
      const file = upload([`${a.idNumber},甲居民改名,,,,${AREAS.buildingA},新地址,,`, `${fresh},另一新居民,,,,${AREAS.buildingA},,,`]);
      const res = await (await t.app()).inject({ method: 'POST', url: '/api/v1/people/import', headers: { cookie, ...file.headers }, payload: file.payload });
      expect(res.json()).toMatchObject({ accepted: 1, updated: 1, rejected: 0 });
      const details = JSON.parse((await audits('people.imported')).at(-1)?.details ?? '{}');
      const created = await t.ctx.db.selectFrom('persons').select('id').where('name', '=', '另一新居民').executeTakeFirstOrThrow();
      expect(details).toMatchObject({ created: [created.id], changed: [a.id], moved: [] });
    });

    it('an import by a district official may move people between its streets, and names and notifies each move', async () => {
      const b = await newPerson(t, { areaCode: AREAS.buildingB });
      const { cookie } = await t.loginAs('area_official', [AREAS.district]);
      const file = upload([`${b.idNumber},测试居民,,,,${AREAS.buildingA},,,`]);
      const res = await (await t.app()).inject({ method: 'POST', url: '/api/v1/people/import', headers: { cookie, ...file.headers }, payload: file.payload });
      expect(res.json()).toMatchObject({ updated: 1, rejected: 0 });
      const details = JSON.parse((await audits('people.imported')).at(-1)?.details ?? '{}');
      expect(details).toMatchObject({ changed: [b.id], moved: [{ id: b.id, from: AREAS.buildingB, to: AREAS.buildingA }] });
      const notice = await t.ctx.db.selectFrom('handoffs').selectAll().where('person_id', '=', b.id).where('kind', '=', 'person_moved').execute();
      expect(notice.map((h) => h.area_code)).toEqual([AREAS.buildingB]);
    });

    it('registering a number registered elsewhere reveals nothing about the person; one in scope is a plain duplicate', async () => {
      const b = await newPerson(t, { areaCode: AREAS.buildingB });
      const a = await newPerson(t, { areaCode: AREAS.buildingA });
      const { cookie } = await t.loginAs('grid_worker', [AREAS.streetA]);
      const elsewhere = await call('POST', '/people', cookie, { idNumber: b.idNumber, name: '冒名', areaCode: AREAS.buildingA });
      expect(elsewhere.statusCode).toBe(422);
      expect(elsewhere.json().error).toEqual({
        code: 'REGISTERED_ELSEWHERE',
        message: "This ID number cannot be registered in your area; ask the person's current area to move them (they have been told)",
        details: { field: 'idNumber' },
      });
      expect(elsewhere.body).not.toContain(b.id);
      expect(elsewhere.body).not.toContain(b.idNumberMasked);
      expect(elsewhere.body).not.toContain(AREAS.buildingB);
      const refused = (await audits('person.create_refused')).at(-1);
      expect(refused).toMatchObject({ area_code: AREAS.buildingA });
      expect(refused?.details).not.toContain(b.idNumber);
      const handed = await t.ctx.db.selectFrom('handoffs').selectAll().where('person_id', '=', b.id).where('kind', '=', 'claimed_elsewhere').execute();
      expect(handed.map((h) => h.area_code)).toEqual([AREAS.buildingB]);
      const inScope = await call('POST', '/people', cookie, { idNumber: a.idNumber, name: '重复', areaCode: AREAS.buildingA });
      expect(inScope.json().error).toMatchObject({ code: 'DUPLICATE_PERSON', details: { personId: a.id } });
    });

    it('a person update cannot change the area; moving is its own operation', async () => {
      const a = await newPerson(t, { areaCode: AREAS.buildingA, phone: '13922223333' });
      const { cookie } = await t.loginAs('grid_worker', [AREAS.streetA]);
      const sneaky = await call('PATCH', `/people/${a.id}`, cookie, { name: '改名', areaCode: AREAS.buildingB });
      expect(sneaky.statusCode).toBe(400);
      expect(sneaky.json().error.details.fields).toHaveProperty('areaCode');
      expect((await stored(a.id)).name).toBe('测试居民');
      const ok = await call('PATCH', `/people/${a.id}`, cookie, { name: '改名', phone: '13944445555' });
      expect(ok.json().person).toMatchObject({ name: '改名', phoneMasked: '139****5555', areaCode: AREAS.buildingA });
      const entry = (await audits('person.updated')).at(-1);
      expect(JSON.parse(entry?.details ?? '{}')).toEqual({ changed: ['name', 'phone'] });
      expect(entry?.details).not.toContain('13944445555');
      const b = await newPerson(t, { areaCode: AREAS.buildingB });
      expect((await call('PATCH', `/people/${b.id}`, cookie, { name: '越界' })).statusCode).toBe(404);
    });

    it('moves within scope with counters, a hand-off to the old area and an audit entry with the reason', async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingB, tags: ['driver'] });
      const [popA, popB] = [await population(AREAS.streetA), await population(AREAS.streetB)];
      const { cookie: streetA } = await t.loginAs('area_official', [AREAS.streetA]);
      const { cookie: streetB } = await t.loginAs('area_official', [AREAS.streetB]);
      const { cookie: district } = await t.loginAs('area_official', [AREAS.district]);
      // A street official cannot move their resident to another street, nor anyone else's.
      expect((await call('POST', `/people/${p.id}/move`, streetB, { toArea: AREAS.buildingA, reason: '搬家' })).statusCode).toBe(403);
      expect((await call('POST', `/people/${p.id}/move`, streetA, { toArea: AREAS.buildingA, reason: '搬家' })).statusCode).toBe(404);
      expect((await call('POST', `/people/${p.id}/move`, district, { toArea: AREAS.buildingA, reason: '' })).statusCode).toBe(400);
      expect((await call('POST', `/people/${p.id}/move`, district, { toArea: '320706022009', reason: '搬家' })).json().error.code).toBe('AREA_NOT_FOUND');
      expect(await population(AREAS.streetB)).toBe(popB);
      const moved = await call('POST', `/people/${p.id}/move`, district, { toArea: AREAS.buildingA, reason: '搬家至郁州花园' });
      expect(moved.json().person).toMatchObject({ areaCode: AREAS.buildingA, gridCode: AREAS.gridA, tags: ['driver'] });
      expect([await population(AREAS.streetA), await population(AREAS.streetB)]).toEqual([popA + 1, popB - 1]);
      const tags = await t.ctx.db.selectFrom('person_tags').selectAll().where('person_id', '=', p.id).execute();
      expect(tags).toEqual([{ tag: 'driver', area_code: AREAS.buildingA, person_id: p.id }]);
      const entry = (await audits('person.moved')).at(-1);
      expect(entry).toMatchObject({ target_id: p.id, reason: '搬家至郁州花园' });
      expect(JSON.parse(entry?.details ?? '{}')).toMatchObject({ from: AREAS.buildingB, to: AREAS.buildingA });
      // Street B is told; the person is no longer theirs to see, so the notice names no one.
      const inbox = (await call('GET', '/handoffs', streetB))
        .json()
        .items.filter((h: { kind: string; personId: string }) => h.kind === 'person_moved' && h.personId === p.id);
      expect(inbox).toHaveLength(1);
      expect(inbox[0].person).toBeNull();
      expect((await call('GET', `/people/${p.id}`, streetB)).statusCode).toBe(404);
      expect((await call('GET', `/people/${p.id}`, streetA)).statusCode).toBe(200);
      for (const code of [AREAS.streetA, AREAS.streetB, AREAS.district]) expect([code, await population(code)]).toEqual([code, await counted(code)]);
    });
  });
}
