import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { GridMapProps } from './GridMapView';
import './map/map-strings';

// MapLibre, pmtiles and the base map style (about 1 MB) load with the first map a page draws, not with the app.
const GridMapView = lazy(() => import('./GridMapView'));

export type { GridMapProps };
export type { LegendEntry, MapLegendSpec } from './map/legend';

/** Grid polygons coloured by a figure, with names, markers, legend and tooltips (see GridMapView); loads the map library on first use. */
export function GridMap(props: GridMapProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 420 }} />}>
      <GridMapView {...props} />
    </Suspense>
  );
}
