import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely';
import { codeUpperBound, inAreas } from '../../db/dialect';
import { DomainError, notFound } from '../../errors';
import type { Actor, SiteKind, SiteRef } from '../auth/actor';

/**
 * Why a query may see the whole city. `Scope.city()` takes one of these so every city-wide
 * read names its rule and can be found with grep; anything else goes through `Scope.of(actor)`.
 */
export type CityRule =
  | 'job' // background jobs and detectors run for the whole city and write only derived figures
  | 'cli' // the CLI runs as the system operator on the server itself
  | 'lab-intake' // labs receive tubes from everywhere; narrowed to the lab's own tubes by its posting
  | 'drill' // drills run on a synthetic city
  | 'resident-self' // a resident reads their own results after proving they hold the code
  | 'integrity' // uniqueness checks (a document hash must be unique city-wide) that reveal nothing
  | 'case-epidemiologist' // the epidemiologist of a case reads its contacts living in other areas; each read audited (docs/tracing.md)
  | 'handoff-routing' // finding the home area of a person another area's work touched, to address a hand-off; the answer goes to that area only
  | 'evidence' // a control-status change follows evidence the caller's own access check admitted (a result on the lab's tube, a placement at the site)
  | 'test'; // test fixtures

/**
 * The areas (and work sites) a caller may touch. Repositories of personal or operational data
 * take one in their constructor and filter every query by it in SQL, so forgetting scope is a
 * compile error rather than a leak.
 */
export class Scope {
  private constructor(
    /** Area codes; a code covers every code that starts with it; '*' is the whole city. */
    readonly areas: readonly string[],
    readonly sites: readonly SiteRef[],
    readonly rule: CityRule | null,
  ) {}

  static of(actor: Pick<Actor, 'scope' | 'sites'>): Scope {
    return new Scope([...actor.scope], [...(actor.sites ?? [])], null);
  }

  /** The whole city, for the named rule only (see CityRule). */
  static city(rule: CityRule): Scope {
    return new Scope(['*'], [], rule);
  }

  /** Exactly these areas (already checked to be within the caller's scope). */
  static areas(codes: readonly string[]): Scope {
    return new Scope([...codes], [], null);
  }

  get isCity(): boolean {
    return this.areas.includes('*');
  }

  /** Does this scope cover area `code` (the code itself or anything below it)? */
  covers(code: string | null | undefined): boolean {
    if (code == null) return this.isCity;
    return this.areas.some((s) => s === '*' || code.startsWith(s));
  }

  /**
   * Does area `code` touch this scope, covered by it or enclosing part of it? (A city-wide round
   * concerns a street official; their street's part of it is what they then see.)
   */
  touches(code: string): boolean {
    return this.areas.some((s) => s === '*' || code.startsWith(s) || s.startsWith(code));
  }

  /** Codes of the sites of one kind this actor is posted to. */
  siteCodes(kind: SiteKind): string[] {
    return this.sites.filter((s) => s.kind === kind).map((s) => s.code);
  }

  worksAt(kind: SiteKind, code: string | null | undefined): boolean {
    return code != null && this.sites.some((s) => s.kind === kind && s.code === code);
  }

  /** SQL: `column` lies within this scope. */
  where<DBX, TB extends keyof DBX>(eb: ExpressionBuilder<DBX, TB>, column: string): Expression<SqlBool> {
    return inAreas(eb, column, this.areas);
  }

  /** SQL: `areaColumn` within this scope, or `siteColumn` one of this actor's sites of `kind`. */
  whereAreaOrSite<DBX, TB extends keyof DBX>(eb: ExpressionBuilder<DBX, TB>, areaColumn: string, kind: SiteKind, siteColumn: string): Expression<SqlBool> {
    const codes = this.siteCodes(kind);
    if (codes.length === 0) return this.where(eb, areaColumn);
    return eb.or([this.where(eb, areaColumn), sql<SqlBool>`${sql.ref(siteColumn)} in (${sql.join(codes)})`]);
  }

  /**
   * Narrow to a requested area (`?area=`): the area itself when this scope covers it, this scope
   * when none is asked for. An area outside answers 404, as if it did not exist.
   */
  within(area: string | null | undefined): Scope {
    if (area == null || area === '') return this;
    if (!this.covers(area)) throw notFound('Area', area);
    return new Scope([area], this.sites, this.rule);
  }

  /** For writes: the area must be within scope, else 403 naming the field. */
  ensureCovers(code: string, field = 'areaCode'): void {
    if (!this.covers(code)) throw new DomainError('FORBIDDEN', `Area ${code} is outside your scope`, { field });
  }

  /** For settings that hold for the whole city (rules as data): only a city-scoped caller may change them. */
  ensureCityWide(what: string): void {
    if (!this.isCity) throw new DomainError('FORBIDDEN', `${what} holds for the whole city; a city-scoped role is required`, { scope: 'city' });
  }
}

/** SQL (no expression builder needed): `column` lies within `scope`'s areas. */
export function areaSql(scope: Scope, column: string): RawBuilder<SqlBool> {
  if (scope.isCity) return sql<SqlBool>`1 = 1`;
  if (scope.areas.length === 0) return sql<SqlBool>`1 = 0`;
  const ref = sql.ref(column);
  return sql<SqlBool>`(${sql.join(
    scope.areas.map((code) => sql`(${ref} >= ${code} and ${ref} < ${codeUpperBound(code)})`),
    sql` or `,
  )})`;
}

/** SQL: `column` is one of the caller's sites of `kind` (false when posted to none). */
export function siteSql(scope: Scope, kind: SiteKind, column: string): RawBuilder<SqlBool> {
  const codes = scope.siteCodes(kind);
  if (codes.length === 0) return sql<SqlBool>`1 = 0`;
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(codes)})`;
}

/**
 * SQL: a hand-off reaches the caller — addressed to one of their areas, or about a facility they
 * are posted to (a positive in-stay test is news for the site's own staff, who may hold no area).
 */
export function handoffReachSql(scope: Scope, areaColumn: string, subjectTypeColumn: string, subjectIdColumn: string): RawBuilder<SqlBool> {
  const sites = scope.siteCodes('facility');
  if (sites.length === 0) return areaSql(scope, areaColumn);
  return sql<SqlBool>`(${areaSql(scope, areaColumn)} or (${sql.ref(subjectTypeColumn)} = 'facility' and ${sql.ref(subjectIdColumn)} in (${sql.join(sites)})))`;
}
