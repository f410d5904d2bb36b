import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { AuditService } from './audit.service';
import { AuditCheckpointer } from './audit-checkpointer';
import { GENESIS_HASH, keyedHash, legacyHash } from './audit-chain';
import type { AuditRow } from './audit.table';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-audit-'));
let files = 0;

for (const dialect of testDialects()) {
  describe(`[${dialect}] audit trail`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
    });
    afterAll(() => t.close());

    /** An empty trail with its own checkpoint file, then `n` events. */
    async function fresh(n: number): Promise<AuditService> {
      await sql`delete from audit_log`.execute(t.ctx.db);
      t.ctx.config.auditCheckpointFile = path.join(tmp, `${dialect}-${files++}.jsonl`);
      const audit = new AuditService(t.ctx);
      for (let i = 0; i < n; i++)
        await audit.recordEvent({ actor: t.admin, action: 'test.event', targetType: 'thing', targetId: String(i), reason: `because ${i}` });
      return audit;
    }
    const rows = () => t.ctx.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    /** What an attacker holding only the database can do: recompute hashes, but not with the chain key. */
    const forgedKey = Buffer.alloc(32, 9);
    async function rehashFrom(seq: number, hash: (row: Omit<AuditRow, 'hash'>) => string): Promise<void> {
      const all = await rows();
      let prev = all.find((r) => Number(r.seq) === seq - 1)?.hash ?? GENESIS_HASH;
      for (const r of all.filter((x) => Number(x.seq) >= seq)) {
        const h = hash({ ...r, prev_hash: prev });
        await t.ctx.db.updateTable('audit_log').set({ prev_hash: prev, hash: h }).where('seq', '=', r.seq).execute();
        prev = h;
      }
    }

    it('chains entries under the key and verifies a clean log', async () => {
      const audit = await fresh(30);
      const r = await audit.verify();
      expect(r).toMatchObject({ ok: true, entries: 30, brokenEntries: 0, breaks: [], legacyEntries: 0, keyedFrom: 1 });
      expect((await rows()).every((x) => Number(x.chain_v) === 1)).toBe(true);
    });

    it('reports every edited entry, not just the first', async () => {
      const audit = await fresh(30);
      await sql`update audit_log set reason = 'edited' where seq in (12, 25)`.execute(t.ctx.db);
      const r = await audit.verify();
      expect(r.ok).toBe(false);
      expect(r.breaks.map((b) => [b.code, b.seq])).toEqual([
        ['content', 12],
        ['content', 25],
      ]);
      expect(r).toMatchObject({ seq: 12, brokenEntries: 2 });
    });

    it('detects a deleted entry as a gap, and a deletion after an edit too', async () => {
      const audit = await fresh(30);
      await sql`update audit_log set reason = 'edited' where seq = 5`.execute(t.ctx.db);
      await sql`delete from audit_log where seq = 20`.execute(t.ctx.db);
      const r = await audit.verify();
      expect(r.breaks.map((b) => [b.code, b.seq])).toEqual([
        ['content', 5],
        ['gap', 21],
      ]);
    });

    it('detects an edited row whose chain was recomputed without the key (plain SHA-256 or another key)', async () => {
      const audit = await fresh(30);
      await sql`update audit_log set reason = 'rewritten' where seq = 12`.execute(t.ctx.db);
      await rehashFrom(12, (row) => keyedHash(forgedKey, row));
      const r = await audit.verify();
      expect(r.breaks).toEqual([expect.objectContaining({ code: 'content', seq: 12, toSeq: 30 })]);
      expect(r.brokenEntries).toBe(19);

      await fresh(30);
      await sql`update audit_log set reason = 'rewritten', chain_v = 0 where seq >= 12`.execute(t.ctx.db);
      await rehashFrom(12, legacyHash);
      const legacy = await audit.verify();
      expect(legacy.breaks).toEqual([expect.objectContaining({ code: 'legacy_after_keyed', seq: 12, toSeq: 30 })]);
    });

    it('detects an appended row with a hash computed without the key', async () => {
      const audit = await fresh(10);
      const last = (await rows()).at(-1) as AuditRow;
      const row = { ...last, seq: 11, reason: 'forged', prev_hash: last.hash };
      await t.ctx.db
        .insertInto('audit_log')
        .values({ ...row, hash: keyedHash(forgedKey, row) })
        .execute();
      const r = await audit.verify();
      expect(r.breaks.map((b) => [b.code, b.seq])).toEqual([['content', 11]]);
    });

    it('detects a truncated tail, and an emptied table, against the signed checkpoint', async () => {
      const audit = await fresh(30);
      expect(await audit.checkpoint()).toMatchObject({ seq: 30 });
      expect(await audit.checkpoint()).toBeNull(); // unchanged head: nothing new written
      await sql`delete from audit_log where seq > 25`.execute(t.ctx.db);
      const r = await audit.verify();
      expect(r.ok).toBe(false);
      expect(r.breaks).toEqual([expect.objectContaining({ code: 'truncated', seq: 26, toSeq: 30 })]);
      expect(r.checkpoints).toMatchObject({ found: true, valid: 1, last: { seq: 30 } });

      await sql`delete from audit_log`.execute(t.ctx.db);
      const empty = await audit.verify();
      expect(empty.breaks).toEqual([expect.objectContaining({ code: 'truncated', seq: 1, toSeq: 30 })]);
    });

    it('detects a deleted row with the rest renumbered and re-chained without the key', async () => {
      const audit = await fresh(30);
      await audit.checkpoint();
      await sql`delete from audit_log where seq = 20`.execute(t.ctx.db);
      await sql`update audit_log set seq = seq - 1 where seq > 20`.execute(t.ctx.db);
      await rehashFrom(20, (row) => keyedHash(forgedKey, row));
      const r = await audit.verify();
      const codes = r.breaks.map((b) => b.code);
      expect(codes).toEqual(['content', 'truncated']);
      expect(r.breaks[0]).toMatchObject({ seq: 20, toSeq: 29 });
    });

    it('refuses a checkpoint line that was edited', async () => {
      const audit = await fresh(5);
      await audit.checkpoint();
      const file = t.ctx.config.auditCheckpointFile;
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"seq":5', '"seq":3'));
      const r = await audit.verify();
      expect(r.breaks.map((b) => b.code)).toEqual(['checkpoint_forged']);
      expect(r.checkpoints).toMatchObject({ valid: 0, forged: 1 });
    });

    it('says when there is no checkpoint file to check the tail against', async () => {
      const audit = await fresh(3);
      const r = await audit.verify();
      expect(r).toMatchObject({ ok: true, checkpoints: { found: false, valid: 0 } });
    });

    it('hashes the same after a round trip: lone surrogates, NUL and decomposed text (NFC)', async () => {
      const audit = await fresh(0);
      const texts = ['lone \ud800 high', 'lone \udc00 low', 'nul x\u0000y', 'e\u0301 decomposed', '接触者 判定 \ud83d\ude00'];
      for (const reason of texts) await audit.recordEvent({ actor: t.admin, action: 'contact.decided', reason, details: { note: reason } });
      const r = await audit.verify();
      expect(r).toMatchObject({ ok: true, entries: texts.length });
      const stored = (await rows()).map((x) => x.reason);
      expect(stored).toEqual(['lone \uFFFD high', 'lone \uFFFD low', 'nul x\uFFFDy', '\u00e9 decomposed', '接触者 判定 \ud83d\ude00']);
    });

    it('keeps rows written before the key (legacy SHA-256) verifiable, anchored by the first keyed row', async () => {
      const audit = await fresh(0);
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= 4; seq++) {
        const row = {
          seq,
          at: '2026-05-01T00:00:00.000Z',
          actor_id: null,
          actor_name: 'old',
          action: 'old.event',
          target_type: null,
          target_id: null,
          area_code: null,
          reason: `old ${seq}`,
          request_id: null,
          details: null,
          prev_hash: prev,
          chain_v: 0,
        };
        prev = legacyHash(row);
        await t.ctx.db
          .insertInto('audit_log')
          .values({ ...row, hash: prev })
          .execute();
      }
      for (let i = 0; i < 3; i++) await audit.recordEvent({ actor: t.admin, action: 'new.event' });
      expect(await audit.verify()).toMatchObject({ ok: true, entries: 7, legacyEntries: 4, keyedFrom: 5 });
      // Rewriting the legacy prefix consistently (no key needed for it) still breaks the first keyed row.
      await sql`update audit_log set reason = 'rewritten' where seq = 2`.execute(t.ctx.db);
      await rehashFrom(2, (row) => (Number(row.seq) <= 4 ? legacyHash(row) : keyedHash(forgedKey, row)));
      const r = await audit.verify();
      expect(r.breaks).toEqual([expect.objectContaining({ code: 'content', seq: 5, toSeq: 7 })]);
    });

    it('keeps the chain under concurrent appends', async () => {
      const audit = await fresh(0);
      await Promise.all(Array.from({ length: 40 }, (_, i) => audit.recordEvent({ actor: t.admin, action: 'test.concurrent', targetId: String(i) })));
      expect(await audit.verify()).toMatchObject({ ok: true, entries: 40 });
    });

    it('writes checkpoints at start and at shutdown, each signed', async () => {
      const audit = await fresh(2);
      const cp = new AuditCheckpointer(t.ctx);
      await cp.start();
      await audit.recordEvent({ actor: t.admin, action: 'test.after_start' });
      await cp.stop();
      const lines = fs.readFileSync(t.ctx.config.auditCheckpointFile, 'utf8').trim().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([2, 3]);
      expect((await audit.verify()).checkpoints).toMatchObject({ valid: 2, forged: 0, last: { seq: 3 } });
    });

    it('keeps ID numbers and phones out of free text: a user name typed at login, a reason', async () => {
      const audit = await fresh(0);
      await audit.recordEvent({ actor: { ...t.admin, name: '320706199001011234' }, action: 'auth.login_failed', reason: 'call 13912345678' });
      const [row] = await rows();
      expect(row).toMatchObject({ actor_name: '[redacted]', reason: 'call [redacted]' });
      expect((await audit.verify()).ok).toBe(true);
    });

    it('keeps a row id as the target even when its hex digits read like a mobile number; a typed target is redacted', async () => {
      const audit = await fresh(0);
      const id = '0192a138-9806-7123-8abc-def012345678'; // "138-9806-7123" has a mobile number's shape
      await audit.recordEvent({ actor: t.admin, action: 'person.pii_revealed', targetType: 'person', targetId: id });
      await audit.recordEvent({ actor: t.admin, action: 'people.lookup_failed', targetType: 'person', targetId: '13912345678' });
      expect((await rows()).map((r) => r.target_id)).toEqual([id, '[redacted]']);
      expect((await audit.verify()).ok).toBe(true);
    });

    it('answers verify over HTTP with every break for a city-scoped auditor', async () => {
      await fresh(6);
      await sql`update audit_log set reason = 'x' where seq in (2, 4)`.execute(t.ctx.db);
      const { cookie } = await t.loginAs('admin', ['*']);
      const res = await (await t.app()).inject({ method: 'GET', url: '/api/v1/audit/verify', headers: { cookie } });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ ok: boolean; breaks: Array<{ seq: number }> }>();
      expect(body.ok).toBe(false);
      expect(body.breaks.map((b) => b.seq)).toEqual([2, 4]);
    });
  });
}
