import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import { lockForSerialWrite } from '../../db/dialect';
import type { DB } from '../../db/schema';
import { newId } from '../../lib/ids';
import type { Pii } from '../../lib/pii';
import { Scope } from '../access';
import type { Actor } from '../auth/actor';
import { docHash, PersonRepository } from '../people';
import type { SampleInput } from './sampling.service';
import { verifyResidentCode } from './resident-code';
import type { TestingTables } from './testing.table';
import { why, type Why } from '../../errors';

type Tube = TestingTables['tubes'];
type Round = TestingTables['test_rounds'];

/** Whom a row names: a document number's keyed hash, or the person id a verified 居民码 carries. */
export type Who = { kind: 'doc'; hash: string } | { kind: 'code'; personId: string } | { kind: 'bad'; column: string; reason: Why };

/** Worked out before the transaction (hashing and signature checks are CPU only). */
export function whoOf(pii: Pii, r: SampleInput): Who {
  const id = r.idNumber?.trim();
  const code = r.residentCode?.trim();
  if (code) {
    const personId = verifyResidentCode(pii, code);
    if (!personId)
      return { kind: 'bad', column: 'resident_code', reason: why('not_resident_code', 'is not a resident code issued by EpiGrid (it cannot be verified)') };
    if (id) return { kind: 'bad', column: 'resident_code', reason: why('id_or_resident_code', 'give id_number or resident_code, not both') };
    return { kind: 'code', personId };
  }
  if (!id) return { kind: 'bad', column: 'id_number', reason: why('required', 'is required (or give resident_code)') };
  return { kind: 'doc', hash: docHash(pii, id) };
}

/** A tube seen for the first time in this batch: open, in the row's round, at its site. */
export function freshTube(barcode: string, round: Round, siteCode: string, collectedAt: string): Tube {
  return {
    id: newId(),
    barcode,
    round_id: round.id,
    site_code: siteCode,
    pool_size: round.pool_size,
    sample_count: 0,
    is_recheck: 0,
    status: 'open',
    first_sampled_at: collectedAt,
    sealed_at: null,
    box_code: null,
    result: null,
    ct_n: null,
    ct_orf1ab: null,
    lab_code: null,
    resulted_at: null,
    result_conflict: 0,
  };
}

/**
 * Everything a batch of sample rows is checked against, read set-based in the batch's
 * transaction (a handful of keyed look-ups per batch, none per row): the people the rows name,
 * their rounds (locked for serial writes), the sites and which of them the caller works at, the
 * client ids already recorded (replays), the tubes named and who is already in them.
 */
export async function loadBatch(ctx: AppContext, trx: Kysely<DB>, actor: Actor, rows: readonly SampleInput[], who: readonly Who[]) {
  // Anyone may be sampled at a site, whoever's resident they are: the look-up is city-wide and
  // answers ids and home areas only (the 'integrity' rule); other areas hear of it by hand-off.
  const persons = new PersonRepository(trx, ctx.dialect, Scope.city('integrity'));
  const byHash = await persons.idsByDocHashes(
    ctx.database,
    who.flatMap((w) => (w.kind === 'doc' ? [w.hash] : [])),
  );
  const codeIds = [...new Set(who.flatMap((w) => (w.kind === 'code' ? [w.personId] : [])))];
  const byId = new Map((await persons.byIds(codeIds)).map((p) => [p.id, { id: p.id, area_code: p.area_code }]));
  const personOf = (w: Who) => (w.kind === 'doc' ? byHash.get(w.hash) : w.kind === 'code' ? byId.get(w.personId) : undefined);
  const roundIds = [...new Set(rows.map((r) => r.roundId))];
  for (const id of roundIds) await lockForSerialWrite(trx, ctx.dialect, `samples:${id}`);
  const rounds = new Map((roundIds.length ? await trx.selectFrom('test_rounds').selectAll().where('id', 'in', roundIds).execute() : []).map((r) => [r.id, r]));
  const siteCodes = [...new Set(rows.map((r) => r.siteCode))];
  const sites = new Map(
    (siteCodes.length ? await trx.selectFrom('sampling_sites').selectAll().where('code', 'in', siteCodes).execute() : []).map((s) => [s.code, s]),
  );
  // What is checked is that the caller works at the site (posted to it, or an official over its
  // area) — once per site, not per row.
  const scope = Scope.of(actor);
  const mySites = new Set([...sites.values()].filter((s) => scope.worksAt('sampling_site', s.code) || scope.covers(s.area_code)).map((s) => s.code));
  const seenClientIds = await knownClientIds(trx, rows);
  const barcodes = [...new Set(rows.map((r) => r.tubeBarcode))];
  const tubes = new Map<string, Tube>();
  for (let i = 0; i < barcodes.length; i += 5000)
    for (const t of await trx
      .selectFrom('tubes')
      .selectAll()
      .where('barcode', 'in', barcodes.slice(i, i + 5000))
      .execute())
      tubes.set(t.barcode, t);
  const existingTubeIds = [...tubes.values()].map((t) => t.id);
  const inTube = new Set<string>();
  for (let i = 0; i < existingTubeIds.length; i += 2000)
    for (const s of await trx
      .selectFrom('samples')
      .select(['tube_id', 'person_id'])
      .where('tube_id', 'in', existingTubeIds.slice(i, i + 2000))
      .execute())
      inTube.add(`${s.tube_id}:${s.person_id}`);
  const startMs = new Map([...rounds.values()].map((r) => [r.id, Date.parse(r.starts_at)]));
  return { personOf, rounds, roundIds, sites, mySites, seenClientIds, tubes, inTube, startMs };
}

/** `clientId|site` keys of the batch's rows already recorded (one indexed look-up per 2,000 ids). */
async function knownClientIds(trx: Kysely<DB>, rows: readonly SampleInput[]): Promise<Set<string>> {
  const ids = [...new Set(rows.flatMap((r) => (r.clientId ? [r.clientId] : [])))];
  const out = new Set<string>();
  for (let i = 0; i < ids.length; i += 2000)
    for (const s of await trx
      .selectFrom('samples')
      .select(['client_id', 'site_code'])
      .where('client_id', 'in', ids.slice(i, i + 2000))
      .execute())
      out.add(`${s.client_id}|${s.site_code}`);
  return out;
}
