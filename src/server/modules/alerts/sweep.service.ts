import { sql, type Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { codeUpperBound, insertChunks, lockForSerialWrite } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { addMs, DAY, MINUTE } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { localDate } from '../../lib/local-time';
import type { ChannelName } from '../../../contract/alerts';
import { AuditService } from '../audit/audit.service';
import { systemActor } from '../auth/actor';
import type { AlertRow } from './alerts.table';
import { channels } from './channels';
import { RuleRepository, type ParsedRule } from './rule.repository';
import { episodeArea, evaluate, levelLength, recordKey, type ChannelRecord, type OpenEpisode, type Outcome } from './triggers';

/** A record entered this long before the last sweep is still looked for (a transaction that began earlier may commit later). */
export const SLACK_MS = 10 * MINUTE;
/** Channels whose only time is the user's (a landing test's) are looked at this far back; older records raise nothing. */
export const LOOKBACK_MS = 7 * DAY;
const WATERMARK = 'alerts.watermark';
const AREA_CHUNK = 200;

export interface SweepResult {
  seen: number;
  raised: number;
  joined: number;
}

/**
 * The 15-second job: find channel records newer than the watermark (one INSERT … SELECT per
 * channel, keeping only unseen records), then evaluate the enabled rules touching their areas,
 * set-based — per rule, one query for the known records of all affected areas and one for their
 * open alerts — and raise or join alerts. One transaction: a failed sweep leaves nothing behind
 * and the next one sees the same records again.
 */
export class AlertSweep {
  private readonly actor = systemActor('alerts');
  constructor(private readonly ctx: AppContext) {}

  async run(): Promise<SweepResult> {
    const now = this.ctx.clock.nowIso();
    return this.ctx.db.transaction().execute(async (trx) => {
      await lockForSerialWrite(trx, this.ctx.dialect, 'alerts.sweep');
      const fresh = await this.ingest(trx, now);
      if (fresh.length === 0) return { seen: 0, raised: 0, joined: 0 };
      const rules = await new RuleRepository(trx).enabled();
      const out: SweepResult = { seen: fresh.length, raised: 0, joined: 0 };
      const codes = await this.codeSource(trx, now);
      for (const rule of rules) {
        for (const o of await this.evaluateRule(trx, rule, fresh)) {
          if (o.outcome.kind === 'raise') {
            await this.raise(trx, rule, o.area, o.outcome, codes(), now);
            out.raised++;
          } else {
            await this.join(trx, o.outcome, now);
            out.joined++;
          }
        }
      }
      return out;
    });
  }

  /** New channel records since the watermark, recorded as seen; the watermark moves to now. */
  private async ingest(trx: Kysely<DB>, now: string): Promise<ChannelRecord[]> {
    const wm = await trx.selectFrom('app_meta').select('value').where('key', '=', WATERMARK).executeTakeFirst();
    const lookback = addMs(now, -LOOKBACK_MS);
    const since = wm ? addMs(wm.value, -SLACK_MS) : lookback;
    const fresh: ChannelRecord[] = [];
    for (const [name, def] of Object.entries(channels) as Array<[ChannelName, (typeof channels)[ChannelName]]>) {
      const r = await sql<{ record_id: string; subject_id: string; area_code: string; occurred_at: string }>`
        insert into alert_channel_records (channel, record_id, subject_id, area_code, occurred_at, seen_at)
        select cast(${name} as text), x.record_id, x.subject_id, x.area_code, x.occurred_at, cast(${now} as text) from (${def.select({ since, lookback })}) x where 1 = 1
        on conflict (channel, record_id) do nothing
        returning record_id, subject_id, area_code, occurred_at`.execute(trx);
      for (const x of r.rows) fresh.push({ channel: name, recordId: x.record_id, subjectId: x.subject_id, areaCode: x.area_code, occurredAt: x.occurred_at });
    }
    await trx
      .insertInto('app_meta')
      .values({ key: WATERMARK, value: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: now }))
      .execute();
    return fresh;
  }

  /** The outcomes of one rule over the fresh records: three queries whatever the number of records. */
  private async evaluateRule(trx: Kysely<DB>, rule: ParsedRule, fresh: readonly ChannelRecord[]): Promise<Array<{ area: string; outcome: Outcome }>> {
    const byArea = new Map<string, ChannelRecord[]>();
    for (const f of fresh) {
      const a = episodeArea(rule, f);
      if (!a) continue;
      const list = byArea.get(a);
      if (list) list.push(f);
      else byArea.set(a, [f]);
    }
    if (byArea.size === 0) return [];
    const w = rule.windowHours * 3_600_000;
    // Min and max without spreading: a bulk sweep may hold more records than a call's arguments.
    let lo = Infinity;
    let hi = -Infinity;
    for (const rs of byArea.values())
      for (const r of rs) {
        const t = Date.parse(r.occurredAt);
        if (t < lo) lo = t;
        if (t > hi) hi = t;
      }
    const from = new Date(lo - w).toISOString();
    const to = new Date(hi + w).toISOString();
    const areas = [...byArea.keys()];
    const known = new Map<string, ChannelRecord[]>();
    const open = new Map<string, OpenEpisode[]>();
    for (let i = 0; i < areas.length; i += AREA_CHUNK) {
      const chunk = areas.slice(i, i + AREA_CHUNK);
      const reading = await this.areasThatMayMeet(trx, rule, chunk, from, to);
      const rows = reading.length
        ? await trx
            .selectFrom('alert_channel_records')
            .select(['channel', 'record_id', 'subject_id', 'area_code', 'occurred_at'])
            .where('channel', 'in', [...rule.channels])
            .where('occurred_at', '>=', from)
            .where('occurred_at', '<=', to)
            .where((eb) => eb.or(reading.map((a) => eb.and([eb('area_code', '>=', a), eb('area_code', '<', codeUpperBound(a))]))))
            .execute()
        : [];
      for (const r of rows) {
        const rec = { channel: r.channel, recordId: r.record_id, subjectId: r.subject_id, areaCode: r.area_code, occurredAt: r.occurred_at };
        const a = episodeArea(rule, rec);
        if (!a) continue;
        const list = known.get(a);
        if (list) list.push(rec);
        else known.set(a, [rec]);
      }
      const alerts = await trx
        .selectFrom('alerts')
        .select(['id', 'area_code', 'first_at', 'open_until'])
        .where('rule_id', '=', rule.id)
        .where('area_code', 'in', chunk)
        .where('status', '<>', 'discarded')
        .where('open_until', '>=', from)
        .execute();
      const keys = new Map<string, Set<string>>();
      if (alerts.length)
        for (const k of await trx
          .selectFrom('alert_records')
          .select(['alert_id', 'channel', 'record_id'])
          .where(
            'alert_id',
            'in',
            alerts.map((a) => a.id),
          )
          .execute())
          keys.set(k.alert_id, (keys.get(k.alert_id) ?? new Set()).add(recordKey({ channel: k.channel, recordId: k.record_id })));
      for (const a of alerts)
        open.set(a.area_code, [
          ...(open.get(a.area_code) ?? []),
          { alertId: a.id, firstAt: a.first_at, openUntil: a.open_until, keys: keys.get(a.id) ?? new Set() },
        ]);
    }
    return areas.flatMap((area) => evaluate(rule, known.get(area) ?? [], byArea.get(area) ?? [], open.get(area) ?? []).map((outcome) => ({ area, outcome })));
  }

  /**
   * The areas whose records over the whole span [from, to] have enough records and channels for
   * the rule: per channel per area counted in SQL, so the areas where no window can meet it (a
   * district rule wanting 3 channels where only one reports) are not read record by record. Their
   * fresh records can still join an open alert, which needs no known records.
   */
  private async areasThatMayMeet(trx: Kysely<DB>, rule: ParsedRule, areas: readonly string[], from: string, to: string): Promise<string[]> {
    if (!rule.level) return [...areas];
    const area = sql<string>`substr(area_code, 1, ${sql.lit(levelLength[rule.level])})`;
    const counts = await trx
      .selectFrom('alert_channel_records')
      .select([area.as('area'), 'channel', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('channel', 'in', [...rule.channels])
      .where('occurred_at', '>=', from)
      .where('occurred_at', '<=', to)
      .where((eb) => eb.or(areas.map((a) => eb.and([eb('area_code', '>=', a), eb('area_code', '<', codeUpperBound(a))]))))
      .groupBy([area, 'channel'])
      .execute();
    const per = new Map<string, { records: number; channels: number }>();
    for (const c of counts) {
      const p = per.get(c.area) ?? { records: 0, channels: 0 };
      p.records += Number(c.n);
      p.channels++;
      per.set(c.area, p);
    }
    return areas.filter((a) => {
      const p = per.get(a);
      return p !== undefined && p.records >= rule.minRecords && p.channels >= rule.minChannels;
    });
  }

  /** Alert codes YJyyyymmdd-NNN (local date), numbered on from the day's last one. */
  private async codeSource(trx: Kysely<DB>, now: string): Promise<() => string> {
    const day = localDate(now, this.ctx.config.timeZone).replaceAll('-', '');
    const prefix = `YJ${day}-`;
    const n = await trx
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('code', 'like', `${prefix}%`)
      .executeTakeFirstOrThrow();
    let seq = Number(n.n);
    return () => `${prefix}${String(++seq).padStart(3, '0')}`;
  }

  private async raise(trx: Kysely<DB>, rule: ParsedRule, area: string, o: Outcome, code: string, now: string): Promise<void> {
    const row: AlertRow = {
      id: newId(),
      code,
      rule_id: rule.id,
      rule_code: rule.code,
      rule_name: rule.name,
      grade: rule.grade,
      area_code: area,
      status: 'new',
      first_at: o.firstAt,
      last_at: o.lastAt,
      open_until: o.openUntil,
      records: o.records.length,
      channels: JSON.stringify([...new Set(o.records.map((r) => r.channel))].sort()),
      raised_at: now,
      due_at: addMs(now, rule.dueHours * 3_600_000),
      verified_at: null,
      updated_at: now,
    };
    await trx.insertInto('alerts').values(row).execute();
    await this.addRecords(trx, row.id, o.records, now);
    await new AuditService(this.ctx).append(
      {
        actor: this.actor,
        action: 'alert.raised',
        targetType: 'alert',
        targetId: row.id,
        areaCode: area,
        details: { code, rule: rule.code, grade: rule.grade, records: o.records.map((r) => recordKey(r)) },
      },
      trx,
    );
  }

  private async join(trx: Kysely<DB>, o: Extract<Outcome, { kind: 'join' }>, now: string): Promise<void> {
    await this.addRecords(trx, o.alertId, o.records, now);
    const agg = await trx
      .selectFrom('alert_records')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('occurred_at').as('first'), eb.fn.max('occurred_at').as('last')])
      .where('alert_id', '=', o.alertId)
      .executeTakeFirstOrThrow();
    const chans = await trx.selectFrom('alert_records').select('channel').distinct().where('alert_id', '=', o.alertId).execute();
    const a = await trx.selectFrom('alerts').select(['area_code', 'open_until']).where('id', '=', o.alertId).executeTakeFirstOrThrow();
    await trx
      .updateTable('alerts')
      .set({
        records: Number(agg.n),
        first_at: String(agg.first),
        last_at: String(agg.last),
        open_until: o.openUntil > a.open_until ? o.openUntil : a.open_until,
        channels: JSON.stringify(chans.map((c) => c.channel).sort()),
        updated_at: now,
      })
      .where('id', '=', o.alertId)
      .execute();
    await new AuditService(this.ctx).append(
      {
        actor: this.actor,
        action: 'alert.records_joined',
        targetType: 'alert',
        targetId: o.alertId,
        areaCode: a.area_code,
        details: { records: o.records.map((r) => recordKey(r)) },
      },
      trx,
    );
  }

  private async addRecords(trx: Kysely<DB>, alertId: string, records: readonly ChannelRecord[], now: string): Promise<void> {
    const rows = records.map((r) => ({
      alert_id: alertId,
      channel: r.channel,
      record_id: r.recordId,
      subject_id: r.subjectId,
      area_code: r.areaCode,
      occurred_at: r.occurredAt,
      joined_at: now,
    }));
    for (const chunk of insertChunks(this.ctx.dialect, rows))
      await trx
        .insertInto('alert_records')
        .values(chunk)
        .onConflict((oc) => oc.columns(['alert_id', 'channel', 'record_id']).doNothing())
        .execute();
  }
}
