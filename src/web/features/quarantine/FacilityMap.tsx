import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client';
import { GridMap } from '../../components/GridMap';
import type { Facility } from './api';

/**
 * Where the rooms are: every grid of the area coloured by the free rooms of the active sites
 * in its street (or above). Facilities sit at street or district level, so the colour shows
 * which neighbourhoods have quarantine capacity close by. Click a grid to open its sites.
 */
export function FacilityMap({ facilities, area, onOpen }: { facilities: Facility[]; area: string; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const [grids, setGrids] = useState<GeoJSON.FeatureCollection | null>(null);
  useEffect(() => void get<GeoJSON.FeatureCollection>(`/areas/${area}/grids.geojson`).then(setGrids, () => setGrids(null)), [area]);
  if (!grids || grids.features.length === 0) return null;
  const active = facilities.filter((f) => f.mode === 'active' && f.type === 'quarantine');
  const near = (code: string) => active.filter((f) => code.startsWith(f.areaCode));
  const data: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: grids.features.map((g) => {
      const code = String(g.properties?.code ?? '');
      return { ...g, properties: { ...g.properties, free: near(code).reduce((s, f) => s + f.roomsFree, 0) } };
    }),
  };
  const max = Math.max(1, ...data.features.map((f) => Number(f.properties?.free ?? 0)));
  return (
    <GridMap
      data={data}
      valueProperty="free"
      range={[0, max]}
      height={320}
      legend={{ title: t('gridmap.freeRooms'), format: (n) => t('gridmap.rooms', { n: Math.round(n) }) }}
      onClick={(p) => {
        const f = near(typeof p.code === 'string' ? p.code : '')[0];
        if (f) onOpen(f.id);
      }}
    />
  );
}
