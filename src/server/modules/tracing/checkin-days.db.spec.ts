import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { down as layoutDown, up as layoutUp } from '../../db/migrations/202611280001_checkin_days';
import { makeIdNumber } from '../../lib/id-number';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { BacktraceService } from './backtrace.service';
import { CasesService } from './cases.service';
import { CheckinsService } from './checkins.service';
import { ContactsService } from './contacts.service';
import { scanDay } from './scan-days';
import { importCheckins } from './tracing-files';
import { VenuesService } from './venues.service';

type P = Awaited<ReturnType<typeof newPerson>>;
/** Midnight UTC: where one scan day ends and the next begins. */
const M = Date.parse('2026-05-05T00:00:00.000Z');
const at = (min: number) => new Date(M + min * 60_000).toISOString();
const OUTSIDER = makeIdNumber('110101', '19900307', 778);

for (const dialect of testDialects()) {
  describe(`[${dialect}] check-ins by day`, () => {
    let t: TestContext;
    const p: P[] = [];
    const scan = (person: P, venue: string, min: number, row = 1) => ({ row, idNumber: person.idNumber, venueCode: venue, scannedAt: at(min) });
    const stored = async () =>
      (
        await t.ctx.db.selectFrom('checkins').select(['scan_day', 'venue_code', 'scanned_at', 'person_id']).orderBy('scanned_at').orderBy('person_id').execute()
      ).map((r) => ({ ...r, scan_day: Number(r.scan_day) }));

    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
      for (let i = 0; i < 8; i++) p.push(await newPerson(t));
      await new VenuesService(t.ctx).upsert(t.admin, [
        { row: 2, venueCode: 'V-A', name: '甲餐馆', type: 'restaurant', areaCode: AREAS.communityA },
        { row: 3, venueCode: 'V-B', name: '乙超市', type: 'supermarket', areaCode: AREAS.communityA },
      ]);
    });
    afterAll(() => t.close());

    it('ingest: counts as before, each scan stored once with the UTC day of its instant', async () => {
      const svc = new CheckinsService(t.ctx);
      const r = await svc.ingest(t.admin, [
        scan(p[0]!, 'V-A', -10, 2), // the case, 23:50 the day before
        scan(p[1]!, 'V-A', 15, 3), // 25 min after it, but on the next day
        scan(p[2]!, 'V-A', -35, 4), // 25 min before it
        scan(p[3]!, 'V-A', 25, 5), // 35 min after it: too late
        scan(p[1]!, 'V-A', 15, 6), // the same scan again
        { row: 7, idNumber: p[4]!.idNumber, venueCode: 'V-B', scannedAt: '2026-05-05T08:40:00+08:00' }, // = 00:40 UTC
        scan(p[5]!, 'V-B', 85, 8),
        scan(p[6]!, 'V-B', 95, 9),
        scan(p[1]!, 'V-B', 2 * 1440, 10), // p[1]'s next stop, two days later
        { row: 11, idNumber: OUTSIDER, venueCode: 'V-A', scannedAt: at(0) },
        { row: 12, idNumber: p[7]!.idNumber, venueCode: 'V-NOPE', scannedAt: at(0) },
        { row: 13, idNumber: p[7]!.idNumber, venueCode: 'V-A', scannedAt: 'soon' },
        { row: 14, idNumber: '', venueCode: 'V-A', scannedAt: at(0) },
      ]);
      expect(r).toEqual({
        accepted: 8,
        duplicates: 1,
        unknownPeople: 1,
        unknownVenues: 1,
        rejected: [
          { row: 13, column: 'scanned_at', reason: 'must be an ISO-8601 time', reasonCode: 'instant' },
          { row: 14, column: 'id_number', reason: 'is required', reasonCode: 'required' },
        ],
      });
      const rows = await stored();
      expect(rows).toHaveLength(8);
      for (const row of rows) expect(row.scan_day).toBe(Math.floor(Date.parse(row.scanned_at) / 86_400_000));
      expect(rows.find((x) => x.person_id === p[4]!.id)).toMatchObject({ scanned_at: at(40), scan_day: scanDay(M) });
      expect(rows.find((x) => x.person_id === p[0]!.id)?.scan_day).toBe(scanDay(M) - 1);
      // again, in another batch: all duplicates; unknown ones kept apart again
      const again = await svc.ingest(t.admin, [scan(p[0]!, 'V-A', -10, 2), { row: 3, idNumber: OUTSIDER, venueCode: 'V-A', scannedAt: at(0) }]);
      expect(again).toEqual({ accepted: 0, duplicates: 1, unknownPeople: 1, unknownVenues: 0, rejected: [] });
      expect(await stored()).toHaveLength(8);
    });

    it('the CSV import gives the same counts and rejected rows as the batch path', async () => {
      const file = path.join(os.tmpdir(), `epigrid-checkin-days-${process.pid}-${dialect}.csv`);
      const lines = [
        'id_number,venue_code,scanned_at',
        `${p[5]!.idNumber},V-A,${at(600)}`,
        `${p[5]!.idNumber.toLowerCase()} ,V-A,${at(600)}`, // the same scan again (ID in lower case, trailing space)
        `${p[6]!.idNumber},V-A,${at(-10)}`,
        `${p[0]!.idNumber},V-A,${at(-10)}`, // stored already
        `${OUTSIDER},V-B,${at(1)}`,
        `${p[6]!.idNumber},V-NOPE,${at(1)}`,
        `${p[6]!.idNumber},V-A,2026-13-45`,
        `${p[6]!.idNumber},,${at(1)}`,
        `${p[6]!.idNumber},V-A,${at(3 * 1440)}`, // more than a day ahead of the clock
      ];
      fs.writeFileSync(file, lines.join('\n') + '\n');
      try {
        const rejected = [
          { row: 8, column: 'scanned_at', reason: 'must be an ISO-8601 time', reasonCode: 'instant' },
          { row: 9, column: 'venue_code', reason: 'is required', reasonCode: 'required' },
          { row: 10, column: 'scanned_at', reason: 'is in the future', reasonCode: 'in_future' },
        ];
        // on the worker thread, in batches of 3 (the repeated scan falls in the same batch, the stored one in another)
        const progress: number[] = [];
        const r = await importCheckins(t.ctx, t.admin, file, (n) => progress.push(n), { worker: true, batchSize: 3 });
        expect(r).toEqual({ accepted: 2, duplicates: 2, unknownPeople: 1, unknownVenues: 1, rejected });
        expect(progress).toEqual([3, 6, 9]);
        // the same file again on this thread: the same rows rejected, everything else already stored or kept apart
        expect(await importCheckins(t.ctx, t.admin, file, undefined, { worker: false })).toEqual({
          accepted: 0,
          duplicates: 4,
          unknownPeople: 1,
          unknownVenues: 1,
          rejected,
        });
        fs.writeFileSync(file, 'id_number,venue,scanned_at\n1,2,3\n');
        await expect(importCheckins(t.ctx, t.admin, file, undefined, { worker: true })).rejects.toMatchObject({
          code: 'BAD_HEADER',
          details: { missing: ['venue_code'] },
        });
      } finally {
        fs.rmSync(file, { force: true });
      }
      expect(await stored()).toHaveLength(10);
      const kept = await new CheckinsService(t.ctx).unmatched(t.admin);
      expect(kept.map((k) => k.reason).sort()).toEqual([
        'unknown_person',
        'unknown_person',
        'unknown_person',
        'unknown_person',
        'unknown_venue',
        'unknown_venue',
        'unknown_venue',
      ]);
      expect(JSON.stringify(kept)).not.toContain(OUTSIDER);
    });

    it('a span across midnight still finds its contacts (scans on both days)', async () => {
      const cases = new CasesService(t.ctx);
      const c = await cases.create(t.admin, { idNumber: p[0]!.idNumber, onsetDate: '2026-05-06' });
      expect((await cases.get(t.admin, c.id)).trajectory.map((s) => [s.venue_code, s.starts_at])).toEqual([['V-A', at(-10)]]);
      const contacts = new ContactsService(t.ctx);
      // p[6] scanned V-A at the same instant as the case (imported above)
      expect(new Set((await contacts.traceCase(t.admin, c.id)).items.map((f) => f.person_id))).toEqual(new Set([p[1]!.id, p[2]!.id, p[6]!.id]));
      // an interview span from 23:00 to 01:00 at V-B: 00:40 and 01:25 are in, 01:35 is not
      await cases.addSpan(t.admin, c.id, { venueCode: 'V-B', startsAt: at(-60), endsAt: at(60) });
      const found = (await contacts.traceCase(t.admin, c.id)).items;
      expect(new Set(found.map((f) => f.person_id))).toEqual(new Set([p[1]!.id, p[2]!.id, p[4]!.id, p[5]!.id, p[6]!.id]));
      expect(found.find((f) => f.person_id === p[1]!.id)).toMatchObject({ venue_code: 'V-A', overlap_start: at(15), gap_minutes: 25 });
    });

    it('back-trace across midnight: everyone at the venue, next stops days later, others met on the other side of midnight', async () => {
      const bt = new BacktraceService(t.ctx);
      const there = await bt.atVenue(t.admin, { venueCode: 'V-A', from: at(-60), to: at(60), limit: 10 });
      expect(there.items.map((i) => i.scannedAt)).toEqual([at(-35), at(-10), at(-10), at(15), at(25)]);
      expect(there.items.find((i) => i.personId === p[1]!.id)).toMatchObject({ nextVenue: 'V-B', nextAt: at(2 * 1440) });
      const mine = await bt.ofPerson(t.admin, { personId: p[0]!.id, from: at(-60), to: at(60), limit: 10 });
      expect(mine.items.map((i) => [i.venueCode, i.othersWithinMargin])).toEqual([['V-A', 3]]); // p[2] before, p[6] with, p[1] after midnight
    });

    it('purge removes whole days before the cutoff and, on the cutoff day, only the scans before it', async () => {
      const before = await stored();
      const cutoff = M - 30 * 60_000; // 23:30 the day before M: p[2]'s 23:25 scan goes; 23:50 the same day stays
      t.clock.advance(cutoff + t.ctx.config.checkinRetentionDays * 86_400_000 - t.clock.now().getTime());
      const svc = new CheckinsService(t.ctx);
      const expected = before.filter((r) => r.scanned_at < new Date(cutoff).toISOString());
      expect(expected.length).toBe(1);
      expect(await svc.purgeExpired()).toBe(1);
      expect(await stored()).toEqual(before.filter((r) => !expected.includes(r)));
      // a day later the whole of day M goes; the scan two days later stays
      t.clock.advance(86_400_000);
      await svc.purgeExpired();
      expect((await stored()).map((r) => r.scanned_at)).toEqual([at(2 * 1440)]);
    });

    it('the migration backfills scan_day for rows stored in the old layout', async () => {
      const db = t.ctx.db;
      await layoutDown(db);
      await sql`insert into checkins (venue_code, scanned_at, person_id) values ('V-A', ${at(-1)}, 'x1'), ('V-A', ${at(0)}, 'x2'), ('V-B', ${at(1439)}, 'x3')`.execute(
        db,
      );
      await layoutUp(db);
      const rows = (await stored()).filter((r) => r.person_id.startsWith('x'));
      expect(rows.map((r) => [r.person_id, r.scan_day])).toEqual([
        ['x1', scanDay(M) - 1],
        ['x2', scanDay(M)],
        ['x3', scanDay(M)],
      ]);
      await expect(
        sql`insert into checkins (scan_day, venue_code, scanned_at, person_id) values (${scanDay(M)}, 'V-A', ${at(0)}, 'x2')`.execute(db),
      ).rejects.toThrow();
    });
  });
}
