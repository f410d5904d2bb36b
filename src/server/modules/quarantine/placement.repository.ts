import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../db/database';
import { insertChunks } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { DomainError } from '../../errors';
import { Access, type Scope } from '../access';
import { placementReadSql, runsFacilitySql } from '../access/guards.quarantine';
import type { PlacementEnd, PlacementRow } from './quarantine.table';

export interface PlacementListOptions {
  facilityId?: string;
  status?: 'live' | 'released';
  after?: string;
  ids?: readonly string[];
  limit: number;
}

/**
 * Placements as the caller sees them: their residents (read-only) and everyone placed at a site
 * they run (read and write). Built on the caller's transaction; every query filters in SQL.
 */
export class PlacementRepository {
  private readonly access: Access;
  constructor(
    private readonly db: Kysely<DB>,
    private readonly scope: Scope,
    private readonly dialect: Dialect,
  ) {
    this.access = new Access(db, scope);
  }

  async get(id: string, mode: 'read' | 'write' = 'read'): Promise<PlacementRow> {
    await this.access.ensure('placement', id, mode);
    return this.db.selectFrom('placements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  /** The page of the placement list, with whether the caller may act on each (runs its site). */
  list(opts: PlacementListOptions) {
    let q = this.db
      .selectFrom('placements')
      .innerJoin('persons', 'persons.id', 'placements.person_id')
      .leftJoin('rooms', 'rooms.id', 'placements.room_id')
      .innerJoin('facilities', 'facilities.id', 'placements.facility_id')
      .select([
        'placements.id',
        'placements.person_id',
        'persons.name',
        'persons.doc_masked',
        'placements.reason',
        'placements.status',
        'placements.start_at',
        'placements.site_end',
        'placements.monitoring_end',
        'placements.released_at',
        'placements.ended_reason',
        'placements.facility_id',
        'facilities.name as facility',
        'rooms.code as room',
        sql<number>`case when ${runsFacilitySql(this.scope, 'placements.facility_id')} then 1 else 0 end`.as('writable'),
      ])
      .where(() => placementReadSql(this.scope, 'placements'))
      .orderBy('placements.id')
      .limit(opts.limit);
    if (opts.facilityId) q = q.where('placements.facility_id', '=', opts.facilityId);
    if (opts.status) q = q.where('placements.status', '=', opts.status);
    if (opts.after) q = q.where('placements.id', '>', opts.after);
    if (opts.ids) q = q.where('placements.id', 'in', [...opts.ids]);
    return q.execute();
  }

  async countLive(): Promise<number> {
    const r = await this.db
      .selectFrom('placements')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'live')
      .where(() => placementReadSql(this.scope, 'placements'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /**
   * Live placements of these people, wherever they are (the one-live-placement rule holds city-wide;
   * callers pass only people they already may see, so nothing leaks).
   */
  async liveOf(personIds: readonly string[]): Promise<Map<string, PlacementRow>> {
    const out = new Map<string, PlacementRow>();
    for (let i = 0; i < personIds.length; i += 1000)
      for (const p of await this.db
        .selectFrom('placements')
        .selectAll()
        .where('status', '=', 'live')
        .where('person_id', 'in', personIds.slice(i, i + 1000))
        .execute())
        out.set(p.person_id, p);
    return out;
  }

  async insertMany(rows: readonly PlacementRow[], tests: ReadonlyArray<DB['placement_tests']>): Promise<void> {
    for (const chunk of insertChunks(this.dialect, rows)) await this.db.insertInto('placements').values(chunk).execute();
    for (const chunk of insertChunks(this.dialect, tests)) await this.db.insertInto('placement_tests').values(chunk).execute();
  }

  tests(placementId: string) {
    return this.db.selectFrom('placement_tests').selectAll().where('placement_id', '=', placementId).orderBy('phase', 'desc').orderBy('day').execute();
  }

  async setTest(placementId: string, phase: 'site' | 'home', day: number, result: 'negative' | 'positive', at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('placement_tests')
      .set({ result, tested_at: at })
      .where('placement_id', '=', placementId)
      .where('phase', '=', phase)
      .where('day', '=', day)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Move the home-monitoring part of a placement (an early release): its end and its untested home tests. */
  async moveHome(placementId: string, monitoringEnd: string, tests: ReadonlyArray<{ day: number; due_date: string }>): Promise<void> {
    await this.db.updateTable('placements').set({ monitoring_end: monitoringEnd }).where('id', '=', placementId).execute();
    // A handful of home tests per placement (the rule's home test days), each its own date.
    for (const t of tests)
      await this.db
        .updateTable('placement_tests')
        .set({ due_date: t.due_date })
        .where('placement_id', '=', placementId)
        .where('phase', '=', 'home')
        .where('day', '=', t.day)
        .where('result', 'is', null)
        .execute();
  }

  /** End a live placement (released, released early or transferred) and free its place in the room. */
  async end(p: PlacementRow, how: { reason: PlacementEnd; note: string | null; at: string }): Promise<void> {
    const r = await this.db
      .updateTable('placements')
      .set({ status: 'released', released_at: how.at, release_note: how.note, override: how.reason === 'override' ? 1 : 0, ended_reason: how.reason })
      .where('id', '=', p.id)
      .where('status', '=', 'live')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new DomainError('PLACEMENT_ENDED', 'The placement is already released', { id: p.id });
    if (p.room_id) await this.vacate(p.room_id, how.at);
  }

  /** One person leaves a room: an emptied room goes to cleaning and forgets its household. */
  async vacate(roomId: string, at: string): Promise<void> {
    await sql`update rooms set occupants = occupants - 1,
        status = case when occupants - 1 = 0 then 'cleaning' else status end,
        household_code = case when occupants - 1 = 0 then null else household_code end,
        updated_at = ${at} where id = ${roomId} and occupants > 0`.execute(this.db);
  }

  /** Set-based room update, guarded so a room taken meanwhile fails the whole batch (retry picks others). */
  async occupy(takes: ReadonlyArray<{ roomId: string; household: string | null }>, at: string): Promise<void> {
    const per = new Map<string, { n: number; household: string | null }>();
    for (const t of takes) per.set(t.roomId, { n: (per.get(t.roomId)?.n ?? 0) + 1, household: t.household });
    const entries = [...per.entries()];
    for (let i = 0; i < entries.length; i += 500) {
      const chunk = entries.slice(i, i + 500);
      const values = sql.join(chunk.map(([id, v]) => sql`(${id}, cast(${v.n} as integer), ${v.household})`));
      const r = await sql`with v(id, n, h) as (values ${values})
        update rooms set occupants = rooms.occupants + v.n, status = 'occupied', household_code = coalesce(rooms.household_code, v.h), updated_at = ${at}
        from v where rooms.id = v.id and rooms.status in ('free', 'occupied') and rooms.occupants + v.n <= rooms.max_occupants`.execute(this.db);
      if (Number(r.numAffectedRows ?? 0) !== chunk.length) throw new DomainError('ROOM_CONFLICT', 'A room was taken meanwhile; try again', {});
    }
  }

  async setRoom(placementId: string, roomId: string): Promise<void> {
    await this.db.updateTable('placements').set({ room_id: roomId }).where('id', '=', placementId).execute();
  }
}
