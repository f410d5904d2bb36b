// vt-pbf ships no types: the one function used here (a geojson-vt tile per layer name → MVT bytes).
declare module 'vt-pbf' {
  import type { LegacyTile } from 'geojson-vt';
  const vtpbf: { fromGeojsonVt(layers: Record<string, LegacyTile>, options?: { version?: number; extent?: number }): Uint8Array };
  export default vtpbf;
}
