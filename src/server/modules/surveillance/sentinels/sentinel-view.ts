import type { Sentinel, SentinelType } from '../../../../contract/surveillance';
import { parseJson } from '../../../db/dialect';
import type { SentinelRow, SentinelTypeRow } from '../surveillance.table';

/** The indicators a sentinel reports: its own list, else its type's. */
export function indicatorsOf(s: Pick<SentinelRow, 'indicators'>, type: Pick<SentinelTypeRow, 'indicators'> | undefined): string[] {
  const own = parseJson<string[] | null>(s.indicators, null);
  return own ?? parseJson<string[]>(type?.indicators, []);
}

export function toSentinelType(t: SentinelTypeRow): SentinelType {
  return { code: t.code, nameZh: t.name_zh, nameEn: t.name_en, indicators: parseJson<string[]>(t.indicators, []), lineListHours: t.line_list_hours };
}

/** A sentinel on the wire: the owner's phone masked only (clear by audited reveal). */
export function toSentinel(s: SentinelRow, type: SentinelTypeRow | undefined): Sentinel {
  return {
    id: s.id,
    code: s.code,
    type: s.type,
    name: s.name,
    areaCode: s.area_code,
    ownerName: s.owner_name,
    ownerPhoneMasked: s.owner_phone_masked,
    indicators: indicatorsOf(s, type),
    lineListHours: type?.line_list_hours ?? 48,
    lng: s.lng ?? null,
    lat: s.lat ?? null,
  };
}
