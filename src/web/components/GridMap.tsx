import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { GridMapProps } from './GridMapView';

// MapLibre (about 1 MB) is loaded with the first map a page draws, not with the app.
const GridMapView = lazy(() => import('./GridMapView'));

/** Grid polygons coloured by a figure (see GridMapView); loads the map library on first use. */
export function GridMap(props: GridMapProps) {
  return (
    <Suspense fallback={<Skeleton.Node active style={{ width: '100%', height: props.height ?? 420 }} />}>
      <GridMapView {...props} />
    </Suspense>
  );
}
