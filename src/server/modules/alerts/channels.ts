import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../db/schema';
import type { ChannelName } from '../../../contract/alerts';
import type { GuardedKind } from '../access';

/**
 * The channels of multi-point triggers (多点触发): each is one SELECT over the table where its
 * records live, giving `record_id` (unique within the channel), `subject_id` (the id its access
 * guard takes), `area_code` and `occurred_at` (the instant the windows count). The sweep
 * (sweep.service.ts) inserts what each SELECT finds into `alert_channel_records`, keeping only
 * records it has not seen, so a SELECT may look back further than needed.
 *
 * Two kinds of look-back: `since` is the sweep's watermark minus a slack (for tables with an
 * entered-at column written by the server: a transaction that started earlier may commit later);
 * `lookback` is a fixed horizon on the event time, for tables whose only time is the one the user
 * gave (a landing test recorded today may say it was taken yesterday).
 *
 * Adding a channel is one entry here and its name in `channelNames` (src/contract/alerts.ts).
 *
 * Literals in the SELECTs are written in the SQL text (not bound) so that SQLite's planner can use
 * the partial indexes of the migration, whose predicates they match.
 */
export interface ChannelDef {
  /** The access kind whose guard decides whether a reader sees the record; none = the record's area. */
  guard?: GuardedKind;
  select(bounds: { since: string; lookback: string }): RawBuilder<unknown>;
  /** A one-line, language-neutral summary of each record (codes and figures), shown with the alert's evidence. */
  describe?(db: Kysely<DB>, recordIds: readonly string[]): Promise<Map<string, string>>;
}

export const channels: Record<ChannelName, ChannelDef> = {
  // A positive or suspected pool (混管) — where it was sampled: the sampling site's area.
  positive_pool: {
    guard: 'tube',
    select: ({ since }) => sql`select t.barcode as record_id, t.barcode as subject_id, s.area_code as area_code, tr.tested_at as occurred_at
      from tube_results tr join tubes t on t.id = tr.tube_id join sampling_sites s on s.code = t.site_code
      where tr.result <> 'negative' and tr.created_at > ${since} and tr.conflict = 0 and t.is_recheck = 0 and t.pool_size > 1`,
  },
  // A positive single tube (单管: a re-check, or a round sampled one to a tube) — the person's area.
  positive_single: {
    guard: 'tube',
    select: ({ since }) => sql`select t.barcode as record_id, t.barcode as subject_id, sm.area_code as area_code, tr.tested_at as occurred_at
      from tube_results tr join tubes t on t.id = tr.tube_id join samples sm on sm.tube_id = t.id
      where tr.result <> 'negative' and tr.created_at > ${since} and tr.result = 'positive' and tr.conflict = 0
        and (t.is_recheck = 1 or t.pool_size = 1)`,
  },
  // A case found outside control (社会面): not under quarantine or home control when found
  // (cases.inside_control, set by tracing from the person's control status or the investigator).
  case_outside_control: {
    guard: 'case',
    select: ({ since }) => sql`select c.id as record_id, c.id as subject_id, c.area_code as area_code, c.reported_at as occurred_at
      from cases c where c.inside_control = 0 and c.created_at > ${since}`,
  },
  // A positive landing test (落地检) of an arrival — the arrival's (destination) area.
  arrival_positive: {
    guard: 'arrival',
    select: ({ lookback }) => sql`select a.id as record_id, a.id as subject_id, a.area_code as area_code, a.landing_test_at as occurred_at
      from arrivals a where a.landing_test_result = 'positive' and a.landing_test_at > ${lookback}`,
  },
  // A positive in-stay test at a quarantine site — the resident's home area (the placement's).
  instay_positive: {
    guard: 'placement',
    select: ({ lookback }) => sql`select p.id || ':' || pt.phase || ':' || cast(pt.day as text) as record_id, p.id as subject_id,
        p.area_code as area_code, pt.tested_at as occurred_at
      from placement_tests pt join placements p on p.id = pt.placement_id
      where pt.result = 'positive' and pt.tested_at > ${lookback}`,
  },
  // An alarm of the surveillance module's detectors that passed the alert budget (suppressed is
  // null): a sentinel's indicator or an area's roll-up, in that area. Its time is the day the alarm
  // is about (period_date, a local date, taken as midnight UTC: the windows count days for it).
  sentinel_signal: {
    select: ({ since }) => sql`select s.id as record_id, s.id as subject_id, s.area_code as area_code, s.period_date || 'T00:00:00.000Z' as occurred_at
      from surveillance_signals s where s.created_at > ${since} and s.suppressed is null`,
    describe: describeSignals,
  },
};

/** "PH-001 · fever_drugs · 2026-05-05 · 15 > 7.3 · ears:C2" (roll-ups name the area instead of a sentinel). */
async function describeSignals(db: Kysely<DB>, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('surveillance_signals as s')
      .leftJoin('sentinels as n', 'n.id', 's.sentinel_id')
      .select(['s.id', 's.area_code', 's.indicator', 's.period_date', 's.observed', 's.threshold', 's.method', 'n.code as sentinel_code'])
      .where('s.id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      const bound = r.threshold === null ? '' : ` > ${Math.round(Number(r.threshold) * 10) / 10}`;
      out.set(r.id, [r.sentinel_code ?? r.area_code, r.indicator, r.period_date, `${Number(r.observed)}${bound}`, r.method].join(' · '));
    }
  }
  return out;
}
