import { loadDistrict, type Division } from './division';
import { boxCentroid, boxPolygon, DISTRICT_BOX, splitBox } from './layout';
import { personName } from './names';
import { Prng } from './prng';
import type { CityPlan, SimArea, SimGrid, SimResponsible } from './types';

export const MEAN_HOUSEHOLD = 2.62;
export const HOUSEHOLDS_PER_GRID = 400;
const HOUSEHOLDS_PER_BUILDING = 48;
const XIAOQU = ['幸福', '和平', '新城', '锦绣', '阳光', '海州', '花果山', '朐阳', '云台', '凤凰', '映象', '滨河', '金海', '银湖', '东方'];

export interface PlanOptions {
  seed: number;
  people: number;
  districtCode?: string;
}

/** Communities in the order grids fill them: round-robin over streets, 郁州街道 (320706022) first. */
function communityOrder(streets: Division[], communities: Map<string, Division[]>): Array<{ street: Division; community: Division }> {
  const ordered = [...streets].sort((a, b) => (a.code === '320706022' ? -1 : b.code === '320706022' ? 1 : a.code.localeCompare(b.code)));
  const out: Array<{ street: Division; community: Division }> = [];
  for (let round = 0; ; round++) {
    let added = false;
    for (const street of ordered) {
      const c = communities.get(street.code)?.[round];
      if (c) {
        out.push({ street, community: c });
        added = true;
      }
    }
    if (!added) return out;
  }
}

/** The area tree, grids and responsibility of a synthetic city of exactly `people` people. */
export function planCity({ seed, people, districtCode = '320706' }: PlanOptions): CityPlan {
  if (!Number.isInteger(people) || people < 1) throw new Error('people must be a positive integer');
  const div = loadDistrict(districtCode);
  const rng = new Prng(seed ^ 0x5eed);
  const households = Math.max(1, Math.ceil(people / MEAN_HOUSEHOLD));
  const gridCount = Math.max(1, Math.ceil(households / HOUSEHOLDS_PER_GRID));
  const order = communityOrder(div.streets, div.communities);
  const used = order.slice(0, Math.min(order.length, gridCount));
  const gridsPer = used.map((_, i) => Math.floor(gridCount / used.length) + (i < gridCount % used.length ? 1 : 0));

  const areas: SimArea[] = [
    { code: div.province.code, parentCode: null, level: 'province', name: div.province.name, geometry: null, centroid: null },
    { code: div.city.code, parentCode: div.province.code, level: 'city', name: div.city.name, geometry: null, centroid: null },
    {
      code: div.district.code,
      parentCode: div.city.code,
      level: 'district',
      name: div.district.name,
      geometry: boxPolygon(DISTRICT_BOX),
      centroid: boxCentroid(DISTRICT_BOX),
    },
  ];
  const grids: SimGrid[] = [];
  const responsibles: SimResponsible[] = [];
  const streets = [...new Map(used.map((u) => [u.street.code, u.street])).values()];
  const streetBoxes = splitBox(DISTRICT_BOX, streets.length);
  let gridNo = 0;
  streets.forEach((street, si) => {
    const sBox = streetBoxes[si] as [number, number, number, number];
    areas.push({
      code: street.code,
      parentCode: div.district.code,
      level: 'street',
      name: street.name,
      geometry: boxPolygon(sBox),
      centroid: boxCentroid(sBox),
    });
    addOfficials(rng, responsibles, street.code, '街道');
    const comms = used.map((u, i) => ({ ...u, grids: gridsPer[i] ?? 0 })).filter((u) => u.street.code === street.code);
    const cBoxes = splitBox(sBox, comms.length);
    comms.forEach((c, ci) => {
      const cBox = cBoxes[ci] as [number, number, number, number];
      areas.push({
        code: c.community.code,
        parentCode: street.code,
        level: 'community',
        name: c.community.name,
        geometry: boxPolygon(cBox),
        centroid: boxCentroid(cBox),
      });
      if (!rng.chance(0.02)) addOfficials(rng, responsibles, c.community.code, '社区');
      const gBoxes = splitBox(cBox, c.grids);
      gBoxes.forEach((gBox, gi) => {
        const code = `${c.community.code}${String(gi + 1).padStart(3, '0')}`;
        areas.push({ code, parentCode: c.community.code, level: 'grid', name: `第${gi + 1}网格`, geometry: boxPolygon(gBox), centroid: boxCentroid(gBox) });
        const hh = Math.floor(households / gridCount) + (gridNo < households % gridCount ? 1 : 0);
        gridNo++;
        const xiaoqu = `${XIAOQU[rng.int(XIAOQU.length)]}${['花园', '小区', '家园', '新村'][rng.int(4)]}`;
        const buildings: string[] = [];
        const nb = Math.max(1, Math.ceil(hh / HOUSEHOLDS_PER_BUILDING));
        for (let b = 1; b <= nb; b++) {
          const bCode = `${code}${String(b).padStart(3, '0')}`;
          buildings.push(bCode);
          const [lon, lat] = boxCentroid(gBox);
          areas.push({
            code: bCode,
            parentCode: code,
            level: 'building',
            name: `${xiaoqu}${b}号楼`,
            geometry: null,
            centroid: [lon + (b % 5) * 1e-4, lat + Math.floor(b / 5) * 1e-4],
          });
        }
        grids.push({ code, households: hh, buildings, streetName: street.name, communityName: c.community.name });
        if (!rng.chance(0.02))
          responsibles.push({
            areaCode: code,
            duty: 'grid_worker',
            name: personName(rng, rng.chance(0.6) ? 'F' : 'M'),
            phone: officialPhone(rng),
            title: '网格员',
          });
      });
    });
  });
  return { seed, districtCode, districtName: div.district.name, people, areas, grids, responsibles };
}

function officialPhone(rng: Prng): string {
  return `177${String(rng.int(100_000_000)).padStart(8, '0')}`;
}

function addOfficials(rng: Prng, out: SimResponsible[], areaCode: string, kind: '街道' | '社区'): void {
  const sex = () => (rng.chance(0.5) ? 'M' : 'F');
  out.push({ areaCode, duty: 'locality', name: personName(rng, sex()), phone: officialPhone(rng), title: kind === '街道' ? '街道党工委书记' : '社区党委书记' });
  out.push({
    areaCode,
    duty: 'department',
    name: personName(rng, sex()),
    phone: officialPhone(rng),
    title: kind === '街道' ? '卫健办主任' : '社区卫生服务站站长',
  });
  out.push({ areaCode, duty: 'unit', name: personName(rng, sex()), phone: officialPhone(rng), title: kind === '街道' ? '派出所所长' : '物业经理' });
}
