import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { validationError, why } from '../../errors';
import { DAY, MINUTE } from '../../lib/clock';
import { maskName } from '../../lib/masking';
import { Access, areaSql, Scope, sendHandoffs } from '../access';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { personInScope } from './person-in-scope';
import { nearDay, onDays } from './scan-days';
import { VenueRepository } from './venue.repository';

export interface BacktraceQuery {
  venueCode?: string;
  idNumber?: string;
  personId?: string;
  from: string;
  to: string;
  after?: string;
  limit: number;
}

/**
 * Rapid back-tracing (快速倒查): for a venue or a person and a window, who was there (or where
 * they were), how many others were there within the margin, and where each went next —
 * one keyset-paginated query on the check-in indexes.
 *
 * A venue of the caller's scope only; its visitors living in scope are listed by name, those living
 * elsewhere counted, and handed off to their home areas by a separate, audited write
 * (`handOffVisitors`), so a read never writes.
 */
export class BacktraceService {
  constructor(private readonly ctx: AppContext) {}

  async run(actor: Actor, q: BacktraceQuery) {
    return q.venueCode ? this.atVenue(actor, q) : this.ofPerson(actor, q);
  }

  private window(q: BacktraceQuery) {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (Number.isNaN(from)) throw validationError({ from: why('instant', 'must be an ISO-8601 time') });
    if (Number.isNaN(to) || to < from) throw validationError({ to: why('order', 'must be an ISO-8601 time after from') });
    const [afterAt = '', afterKey = ''] = (q.after ?? '').split('|');
    const margin = this.ctx.config.traceMarginMinutes * MINUTE;
    return { w: { from: new Date(from).toISOString(), to: new Date(to).toISOString() }, afterAt, afterKey, margin };
  }

  /** Who scanned a venue in the window (residents of the caller's scope), and where each went next; others counted. */
  async atVenue(actor: Actor, q: BacktraceQuery) {
    const { w, afterAt, afterKey } = this.window(q);
    const scope = Scope.of(actor);
    const code = q.venueCode ?? '';
    await new Access(this.ctx.db, scope).ensure('venue', code);
    const v = await new VenueRepository(this.ctx.db, scope, this.ctx.dialect).byCode(code);
    if (!v) throw new Error('unreachable: venue passed the access check');
    // The next stop may be on any later day up to tomorrow (scans are refused more than a day ahead).
    const later = onDays('n.scan_day', w.from, Math.max(Date.parse(w.to), this.ctx.clock.now().getTime()) + DAY);
    const rows = await sql<{
      person_id: string;
      scanned_at: string;
      name: string;
      doc_masked: string;
      control_status: string;
      next_venue: string | null;
      next_at: string | null;
    }>`
      select c.person_id, c.scanned_at, p.name, p.doc_masked, p.control_status,
        (select n.venue_code from checkins n where ${later} and n.person_id = c.person_id and n.scanned_at > c.scanned_at order by n.scanned_at limit 1) as next_venue,
        (select min(n.scanned_at) from checkins n where ${later} and n.person_id = c.person_id and n.scanned_at > c.scanned_at) as next_at
      from checkins c join persons p on p.id = c.person_id
      where ${onDays('c.scan_day', w.from, w.to)} and c.venue_code = ${code} and c.scanned_at >= ${w.from} and c.scanned_at <= ${w.to}
        and ${areaSql(scope, 'p.area_code')}
        and (c.scanned_at > ${afterAt} or (c.scanned_at = ${afterAt} and c.person_id > ${afterKey}))
      order by c.scanned_at, c.person_id limit ${q.limit}`.execute(this.ctx.db);
    const items = rows.rows.map((r) => ({
      personId: r.person_id,
      name: maskName(r.name),
      idNumberMasked: r.doc_masked,
      controlStatus: r.control_status,
      venueCode: code,
      scannedAt: r.scanned_at,
      nextVenue: r.next_venue,
      nextAt: r.next_at,
    }));
    const last = rows.rows[rows.rows.length - 1];
    const elsewhere = (await this.visitorsElsewhere(this.ctx.db, scope, code, w)).length;
    return {
      venue: { code: v.code, name: v.name },
      items,
      elsewhere,
      nextCursor: items.length === q.limit && last ? `${last.scanned_at}|${last.person_id}` : null,
    };
  }

  /** Visitors of the venue in the window living outside the scope: person and home area (never answered to the caller). */
  private async visitorsElsewhere(db: Kysely<DB>, scope: Scope, code: string, w: { from: string; to: string }) {
    const r = await sql<{ person_id: string; area_code: string }>`
      select distinct c.person_id, p.area_code from checkins c join persons p on p.id = c.person_id
      where ${onDays('c.scan_day', w.from, w.to)} and c.venue_code = ${code} and c.scanned_at >= ${w.from} and c.scanned_at <= ${w.to}
        and not ${areaSql(scope, 'p.area_code')}`.execute(db);
    return r.rows;
  }

  /**
   * Hand the venue's visitors of the window who live elsewhere to their home areas (kind
   * venue_visitor, one per person and window), in one transaction with its audit entry.
   */
  async handOffVisitors(actor: Actor, q: { venueCode: string; from: string; to: string }) {
    const { w } = this.window({ ...q, limit: 1 });
    const scope = Scope.of(actor);
    return this.ctx.db.transaction().execute(async (trx) => {
      await new Access(trx, scope).ensure('venue', q.venueCode, 'write');
      const v = await new VenueRepository(trx, scope, this.ctx.dialect).byCode(q.venueCode);
      if (!v) throw new Error('unreachable: venue passed the access check');
      const visitors = await this.visitorsElsewhere(trx, scope, v.code, w);
      const sent = await sendHandoffs(
        this.ctx,
        trx,
        actor,
        v.area_code,
        visitors.map((p) => ({
          areaCode: p.area_code,
          kind: 'venue_visitor' as const,
          personId: p.person_id,
          subjectType: 'venue',
          subjectId: `${v.code} ${w.from}/${w.to}`,
          message: `${w.from} 至 ${w.to} 曾到访场所「${v.name}」（${v.code}），请核查管控`,
        })),
      );
      await new AuditService(this.ctx).append(
        {
          actor,
          action: 'venue.visitors_handed_off',
          targetType: 'venue',
          targetId: v.code,
          areaCode: v.area_code,
          details: { from: w.from, to: w.to, visitors: visitors.length, sent },
        },
        trx,
      );
      return { handedOff: visitors.length, sent };
    });
  }

  /** Where a person scanned in the window, how many others were there within the margin, and the next stop. */
  async ofPerson(actor: Actor, q: BacktraceQuery) {
    const { w, afterAt, afterKey, margin } = this.window(q);
    const person = await personInScope(this.ctx.db, this.ctx.pii, Scope.of(actor), q);
    if (!person) throw validationError({ venueCode: why('required', 'give a venue code, or an ID number / person id of someone in your scope') });
    const rows = await sql<{ venue_code: string; scanned_at: string; venue_name: string; met: number }>`
      select c.venue_code, c.scanned_at, v.name as venue_name,
        (select count(distinct o.person_id) from checkins o where ${nearDay('o.scan_day', 'c.scan_day', margin)} and o.venue_code = c.venue_code and o.scanned_at >= ${sql.raw(this.ctx.dialect === 'sqlite' ? "strftime('%Y-%m-%dT%H:%M:%fZ', c.scanned_at, '-' || " + margin / 1000 + " || ' seconds')" : `to_char((c.scanned_at::timestamptz - interval '${margin / 1000} seconds') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)}
           and o.scanned_at <= ${sql.raw(this.ctx.dialect === 'sqlite' ? "strftime('%Y-%m-%dT%H:%M:%fZ', c.scanned_at, '+' || " + margin / 1000 + " || ' seconds')" : `to_char((c.scanned_at::timestamptz + interval '${margin / 1000} seconds') at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`)} and o.person_id <> c.person_id) as met
      from checkins c join venues v on v.code = c.venue_code
      where ${onDays('c.scan_day', w.from, w.to)} and c.person_id = ${person.id} and c.scanned_at >= ${w.from} and c.scanned_at <= ${w.to}
        and (c.scanned_at > ${afterAt} or (c.scanned_at = ${afterAt} and c.venue_code > ${afterKey}))
      order by c.scanned_at, c.venue_code limit ${q.limit}`.execute(this.ctx.db);
    const items = rows.rows.map((r, i, all) => ({
      venueCode: r.venue_code,
      venueName: r.venue_name,
      scannedAt: r.scanned_at,
      othersWithinMargin: Number(r.met),
      nextVenue: all[i + 1]?.venue_code ?? null,
    }));
    const last = rows.rows[rows.rows.length - 1];
    return {
      person: { id: person.id, name: maskName(person.name), idNumberMasked: person.doc_masked },
      items,
      nextCursor: items.length === q.limit && last ? `${last.scanned_at}|${last.venue_code}` : null,
    };
  }
}
