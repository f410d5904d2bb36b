import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { PeopleService } from './people.service';

for (const dialect of testDialects()) {
  describe(`[${dialect}] people core`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    it('registers a person with ID and phone stored hashed, encrypted and masked', async () => {
      const p = await newPerson(t, { idNumber: '32070619900307123X'.slice(0, 17) + 'X', name: '张三' }).catch((e: unknown) => e);
      expect(p).toMatchObject({ code: 'VALIDATION_FAILED' }); // wrong check digit
      const ok = await newPerson(t, { name: '张三', phone: '13812345678' });
      expect(ok.idNumberMasked).toMatch(/^3207\*{10}.{4}$/);
      expect(ok.phoneMasked).toBe('138****5678');
      const row = await t.ctx.db.selectFrom('persons').selectAll().where('id', '=', ok.id).executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain(ok.idNumber);
      expect(JSON.stringify(row)).not.toContain('13812345678');
      expect(t.ctx.pii.decrypt(row.doc_enc)).toBe(ok.idNumber);
    });

    it('refuses a second person with the same document number', async () => {
      const p = await newPerson(t);
      await expect(newPerson(t, { idNumber: p.idNumber.toLowerCase() })).rejects.toMatchObject({ code: 'DUPLICATE_PERSON' });
    });

    it('keeps area population counters incrementally', async () => {
      const before = await t.ctx.db.selectFrom('areas').select(['code', 'population']).where('code', 'in', [AREAS.district, AREAS.streetB]).execute();
      await newPerson(t, { areaCode: AREAS.buildingB });
      const after = await t.ctx.db.selectFrom('areas').select(['code', 'population']).where('code', 'in', [AREAS.district, AREAS.streetB]).execute();
      const pop = (rows: typeof before, code: string) => rows.find((r) => r.code === code)?.population ?? -1;
      expect(pop(after, AREAS.district)).toBe(pop(before, AREAS.district) + 1);
      expect(pop(after, AREAS.streetB)).toBe(pop(before, AREAS.streetB) + 1);
    });

    it('changes control status only through the service, with history and audit', async () => {
      const people = new PeopleService(t.ctx);
      const a = await newPerson(t);
      const b = await newPerson(t);
      const changed = await people.changeControlStatus(t.admin, {
        personIds: [a.id, b.id],
        to: 'temporary_control',
        reason: 'pool T001 positive',
        evidence: { type: 'tube', id: 'T001' },
      });
      expect(changed.sort()).toEqual([a.id, b.id].sort());
      await people.changeControlStatus(t.admin, { personIds: [b.id], to: 'case_candidate', reason: 'single tube positive' });
      const released = await people.changeControlStatus(t.admin, {
        personIds: [a.id, b.id],
        to: 'none',
        reason: 'recheck negative',
        onlyFrom: ['temporary_control'],
      });
      expect(released).toEqual([a.id]);
      const hist = await people.controlHistory(t.admin, b.id);
      expect(hist.map((h) => [h.from_status, h.to_status])).toEqual([
        ['none', 'temporary_control'],
        ['temporary_control', 'case_candidate'],
      ]);
      expect(hist[0]).toMatchObject({ evidence_type: 'tube', evidence_id: 'T001', actor_name: 'test-admin' });
      const audits = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'person.control_status_changed').execute();
      expect(audits.length).toBe(4);
    });

    it('scope: a person outside the actor scope is invisible', async () => {
      const p = await newPerson(t, { areaCode: AREAS.buildingB });
      const streetA = { ...t.admin, scope: [AREAS.streetA] };
      expect(await new PeopleService(t.ctx).findByIdNumber(streetA, p.idNumber)).toBeNull();
      await expect(new PeopleService(t.ctx).getPerson(streetA, p.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
}
