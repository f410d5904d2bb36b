import { sql } from 'kysely';
import { AuditService } from './audit.service';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';

for (const dialect of testDialects()) {
  describe(`[${dialect}] audit trail`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
    });
    afterAll(() => t.close());

    it('chains entries and verifies a clean log', async () => {
      const audit = new AuditService(t.ctx);
      for (let i = 0; i < 30; i++)
        await audit.recordEvent({ actor: t.admin, action: 'test.event', targetType: 'thing', targetId: String(i), reason: 'because' });
      const r = await audit.verify();
      expect(r).toEqual({ ok: true, entries: 30 });
    });

    it('names the first tampered entry', async () => {
      await sql`update audit_log set reason = 'edited' where seq = 12`.execute(t.ctx.db);
      const r = await new AuditService(t.ctx).verify();
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.seq).toBe(12);
        expect(r.problem).toMatch(/content/);
        expect(r.entries).toBe(11);
      }
    });

    it('detects a deleted entry as a gap', async () => {
      await sql`update audit_log set reason = 'because' where seq = 12`.execute(t.ctx.db);
      expect((await new AuditService(t.ctx).verify()).ok).toBe(true);
      await sql`delete from audit_log where seq = 20`.execute(t.ctx.db);
      const r = await new AuditService(t.ctx).verify();
      expect(r).toMatchObject({ ok: false, seq: 21 });
    });

    it('keeps the chain under concurrent appends', async () => {
      await sql`delete from audit_log`.execute(t.ctx.db);
      const audit = new AuditService(t.ctx);
      await Promise.all(Array.from({ length: 40 }, (_, i) => audit.recordEvent({ actor: t.admin, action: 'test.concurrent', targetId: String(i) })));
      expect(await audit.verify()).toEqual({ ok: true, entries: 40 });
    });
  });
}
