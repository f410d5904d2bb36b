import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../../api/client';
import { GridMap } from '../../components/GridMap';
import type { Span } from '../../../contract/tracing';

/**
 * Where the case went: the grids of the streets its trajectory touches, the visited grids
 * coloured by how many spans fall in them (grey = not visited).
 */
export function TrajectoryMap({ spans }: { spans: Span[] }) {
  const { t } = useTranslation();
  const [data, setData] = useState<GeoJSON.FeatureCollection | null>(null);
  const areaKey = spans.map((s) => s.areaCode ?? '').join(',');
  useEffect(() => {
    const codes = spans.map((s) => s.areaCode).filter((c): c is string => !!c && c.length >= 9);
    const streets = [...new Set(codes.map((c) => c.slice(0, 9)))].slice(0, 5);
    if (streets.length === 0) return setData(null);
    // A span's area may be a building (below a grid) or a community (above it): count both ways.
    const visitsOf = (grid: string) => codes.filter((c) => c.startsWith(grid) || grid.startsWith(c)).length;
    void Promise.all(streets.map((s) => get<GeoJSON.FeatureCollection>(`/areas/${s}/grids.geojson`).catch(() => null))).then((parts) => {
      const features = parts
        .flatMap((p) => p?.features ?? [])
        .map((f) => ({ ...f, properties: { ...f.properties, visits: visitsOf(String(f.properties?.code ?? '')) } }));
      setData({ type: 'FeatureCollection', features });
    });
    // areaKey stands for the spans' areas: refetch only when they change
  }, [areaKey]);
  if (!data || data.features.length === 0) return null;
  return (
    <GridMap
      data={data}
      valueProperty="visits"
      range={[0, 3]}
      colors={['#f0f0f0', '#cf1322']}
      height={300}
      legend={{ title: t('gridmap.visits'), format: (n) => t('gridmap.times', { n }) }}
    />
  );
}
