import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Coverage counts people, and everyone (issue 12 "Wrong figures", issue 13 item 4).
 *
 * - `round_people` gets each sampled person's `outcome` (pending | negative | awaiting | positive)
 *   and `outside_reason` (null = in the round's target); the counters are sums over these rows, so
 *   re-check tubes and pool members can no longer be counted as extra results or positives.
 * - `coverage_counters` gets `rechecks_open`, `outside_target` and `outside_positive`; its target
 *   rows now include one bucket per street/community (… district) for the people registered above
 *   grid level (their area's population minus its children's).
 * - `round_site_counters`: first-pass tubes and positive pools per round and site.
 *
 * Existing rounds are recounted here, set-based (the rules are those of
 * modules/testing/coverage-rules.ts, written out in SQL so this migration never changes with the
 * code). Targets are taken from today's registered population: the population when an old round
 * was created is not kept anywhere.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('round_people')
    .addColumn('outcome', 'text', (c) => c.notNull().defaultTo('pending'))
    .execute();
  await db.schema.alterTable('round_people').addColumn('outside_reason', 'text').execute();
  for (const col of ['rechecks_open', 'outside_target', 'outside_positive'])
    await db.schema
      .alterTable('coverage_counters')
      .addColumn(col, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  await db.schema
    .createTable('round_site_counters')
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('tubes', 'integer', (c) => c.notNull())
    .addColumn('pools_positive', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('round_site_counters_pk', ['round_id', 'site_code'])
    .execute();
  await recountAllRounds(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('round_site_counters').execute();
  for (const col of ['outside_positive', 'outside_target', 'rechecks_open']) await db.schema.alterTable('coverage_counters').dropColumn(col).execute();
  await db.schema.alterTable('round_people').dropColumn('outside_reason').execute();
  await db.schema.alterTable('round_people').dropColumn('outcome').execute();
}

const OPEN = sql`('to_locate', 'located', 'resampled')`;

/** Recount every round from its rows (exported for the test that checks it against the kept counters). */
export async function recountAllRounds(db: AnyDb): Promise<void> {
  // Used only while recounting: the sampling hot path does not pay for this index.
  await sql`create index round_people_recount on round_people (round_id, grid_key, first_at)`.execute(db);

  // Targets: every grid of the round's areas, plus each area above grid level with people of its own.
  await sql`delete from coverage_counters`.execute(db);
  await sql`insert into coverage_counters (round_id, grid_key, target, sampled, resulted, positive, rechecks_open, outside_target, outside_positive)
    select round_id, code, direct, 0, 0, 0, 0, 0, 0 from (
      select distinct ra.round_id, a.code,
        case when a.level = 'grid' then a.population
             else a.population - coalesce((select sum(c.population) from areas c where c.parent_code = a.code), 0) end as direct
      from round_areas ra join areas a on a.code >= ra.area_code and a.code < ra.area_code || '~'
      where a.level = 'grid' or length(a.code) < 15
    ) t where direct > 0 or length(code) = 15`.execute(db);
  await sql`update coverage_counters set target = target - (select count(*) from round_exemptions x
    where x.round_id = coverage_counters.round_id and x.grid_key = coverage_counters.grid_key)`.execute(db);
  await sql`update coverage_counters set target = 0 where target < 0`.execute(db);

  // Who is outside the target, and why — from each person's own bucket when first sampled.
  await sql`update round_people set outside_reason = null, grid_key = coalesce((select substr(s.area_code, 1, 15) from samples s
    where s.round_id = round_people.round_id and s.person_id = round_people.person_id order by s.collected_at, s.id limit 1), grid_key)`.execute(db);
  await sql`update round_people set outside_reason = 'exempt' where exists (select 1 from round_exemptions x
    where x.round_id = round_people.round_id and x.person_id = round_people.person_id)`.execute(db);
  await sql`update round_people set outside_reason = 'registered_later' where outside_reason is null and exists (
    select 1 from persons p join test_rounds r on r.id = round_people.round_id where p.id = round_people.person_id and p.created_at > r.created_at)`.execute(
    db,
  );
  await sql`update round_people set outside_reason = 'outside_round',
      grid_key = coalesce((select substr(ss.area_code, 1, 15) from samples s join sampling_sites ss on ss.code = s.site_code
        where s.round_id = round_people.round_id and s.person_id = round_people.person_id order by s.collected_at limit 1), grid_key)
    where outside_reason is null and not exists (select 1 from round_areas ra
      where ra.round_id = round_people.round_id and round_people.grid_key >= ra.area_code and round_people.grid_key < ra.area_code || '~')`.execute(db);
  await sql`update round_people set outside_reason = 'over_target' where outside_reason is null and exists (
    select 1 from (
      select k.round_id, k.person_id, k.n, coalesce(c.target, 0) as target from (
        select round_id, person_id, grid_key, row_number() over (partition by round_id, grid_key order by first_at, person_id) as n
        from round_people where outside_reason is null) k
      left join coverage_counters c on c.round_id = k.round_id and c.grid_key = k.grid_key
    ) ranked where ranked.round_id = round_people.round_id and ranked.person_id = round_people.person_id and ranked.n > ranked.target)`.execute(db);

  // Each person's outcome: a re-check decides; otherwise a negative first-pass tube is final.
  const rc = (status: ReturnType<typeof sql>) =>
    sql`exists (select 1 from rechecks r where r.round_id = round_people.round_id and r.person_id = round_people.person_id and r.status in ${status})`;
  await sql`update round_people set outcome = case
      when ${rc(sql`('positive')`)} then 'positive'
      when ${rc(OPEN)} then 'awaiting'
      when ${rc(sql`('negative')`)} or exists (select 1 from samples s join tubes t on t.id = s.tube_id
        where s.round_id = round_people.round_id and s.person_id = round_people.person_id and t.is_recheck = 0 and t.result = 'negative') then 'negative'
      else 'pending' end`.execute(db);

  // Counters: rows for every bucket someone is counted in, then the sums.
  await sql`insert into coverage_counters (round_id, grid_key, target, sampled, resulted, positive, rechecks_open, outside_target, outside_positive)
    select distinct rp.round_id, rp.grid_key, 0, 0, 0, 0, 0, 0, 0 from round_people rp
    where not exists (select 1 from coverage_counters c where c.round_id = rp.round_id and c.grid_key = rp.grid_key)`.execute(db);
  const count = (where: ReturnType<typeof sql>) =>
    sql`(select count(*) from round_people rp where rp.round_id = coverage_counters.round_id and rp.grid_key = coverage_counters.grid_key and ${where})`;
  await sql`update coverage_counters set
      sampled = ${count(sql`rp.outside_reason is null`)},
      resulted = ${count(sql`rp.outside_reason is null and rp.outcome in ('negative', 'positive')`)},
      positive = ${count(sql`rp.outside_reason is null and rp.outcome = 'positive'`)},
      rechecks_open = ${count(sql`rp.outcome = 'awaiting'`)},
      outside_target = ${count(sql`rp.outside_reason is not null`)},
      outside_positive = ${count(sql`rp.outside_reason is not null and rp.outcome = 'positive'`)}`.execute(db);

  await sql`insert into round_site_counters (round_id, site_code, area_code, tubes, pools_positive)
    select t.round_id, t.site_code, coalesce(max(ss.area_code), ''), count(*), sum(case when t.result in ('positive', 'suspected') then 1 else 0 end)
    from tubes t left join sampling_sites ss on ss.code = t.site_code where t.is_recheck = 0 group by t.round_id, t.site_code`.execute(db);
  await sql`drop index round_people_recount`.execute(db);
}
