import maplibregl from 'maplibre-gl';
import { Protocol } from 'pmtiles';
import { useEffect, useState } from 'react';
import { get } from '../../api/client';
import type { BasemapInfo } from '../../../contract/basemap';

let answer: Promise<BasemapInfo | null> | null = null;
let registered = false;

/**
 * Whether the server has the city's base map: asked once per page load (every map shares the
 * answer). A failed answer counts as none, so the map still draws its grids on a plain background.
 */
export function loadBasemap(): Promise<BasemapInfo | null> {
  answer ??= get<BasemapInfo>('/basemap').catch(() => null);
  return answer;
}

/** MapLibre reads `pmtiles://` sources through the pmtiles protocol; it is registered once for all maps. */
export function registerPmtiles(): void {
  if (registered) return;
  maplibregl.addProtocol('pmtiles', new Protocol().tile);
  registered = true;
}

/** The server's answer once it is in: undefined while asking, null when there is no base map. */
export function useBasemap(): BasemapInfo | null | undefined {
  const [info, setInfo] = useState<BasemapInfo | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void loadBasemap().then((b) => live && setInfo(b?.available ? b : null));
    return () => {
      live = false;
    };
  }, []);
  return info;
}
