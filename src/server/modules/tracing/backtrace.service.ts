import { sql } from 'kysely';
import type { AppContext } from '../../context';
import { DomainError, validationError } from '../../errors';
import { DAY, MINUTE } from '../../lib/clock';
import { maskName } from '../../lib/masking';
import { coversArea, type Actor } from '../auth/actor';
import { PeopleService } from '../people/people.service';
import { nearDay, onDays } from './scan-days';

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
 */
export class BacktraceService {
  constructor(private readonly ctx: AppContext) {}

  async run(actor: Actor, q: BacktraceQuery) {
    return q.venueCode ? this.atVenue(actor, q) : this.ofPerson(actor, q);
  }

  private window(q: BacktraceQuery) {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (Number.isNaN(from)) throw validationError({ from: 'must be an ISO-8601 time' });
    if (Number.isNaN(to) || to < from) throw validationError({ to: 'must be an ISO-8601 time after from' });
    const [afterAt = '', afterKey = ''] = (q.after ?? '').split('|');
    const margin = this.ctx.config.traceMarginMinutes * MINUTE;
    return { w: { from: new Date(from).toISOString(), to: new Date(to).toISOString() }, afterAt, afterKey, margin };
  }

  /** Who scanned a venue in the window, and where each went next. */
  async atVenue(actor: Actor, q: BacktraceQuery) {
    const { w, afterAt, afterKey } = this.window(q);
    {
      const v = await this.ctx.db
        .selectFrom('venues')
        .selectAll()
        .where('code', '=', q.venueCode ?? '')
        .executeTakeFirst();
      if (!v || !coversArea(actor, v.area_code)) throw new DomainError('VENUE_NOT_FOUND', `Unknown venue ${q.venueCode ?? ''}`, { field: 'venueCode' });
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
        where ${onDays('c.scan_day', w.from, w.to)} and c.venue_code = ${q.venueCode} and c.scanned_at >= ${w.from} and c.scanned_at <= ${w.to}
          and (c.scanned_at > ${afterAt} or (c.scanned_at = ${afterAt} and c.person_id > ${afterKey}))
        order by c.scanned_at, c.person_id limit ${q.limit}`.execute(this.ctx.db);
      const items = rows.rows.map((r) => ({
        personId: r.person_id,
        name: maskName(r.name),
        idNumberMasked: r.doc_masked,
        controlStatus: r.control_status,
        venueCode: q.venueCode,
        scannedAt: r.scanned_at,
        nextVenue: r.next_venue,
        nextAt: r.next_at,
      }));
      const last = rows.rows[rows.rows.length - 1];
      return { venue: { code: v.code, name: v.name }, items, nextCursor: items.length === q.limit && last ? `${last.scanned_at}|${last.person_id}` : null };
    }
  }

  /** Where a person scanned in the window, how many others were there within the margin, and the next stop. */
  async ofPerson(actor: Actor, q: BacktraceQuery) {
    const { w, afterAt, afterKey, margin } = this.window(q);
    const people = new PeopleService(this.ctx);
    const person = q.personId ? await people.getPerson(actor, q.personId) : q.idNumber ? await people.findByIdNumber(actor, q.idNumber) : null;
    if (!person) throw validationError({ venueCode: 'give a venue code, or an ID number / person id of someone in your scope' });
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
      person: { id: person.id, name: maskName(person.name), idNumberMasked: person.idNumberMasked },
      items,
      nextCursor: items.length === q.limit && last ? `${last.scanned_at}|${last.venue_code}` : null,
    };
  }
}
