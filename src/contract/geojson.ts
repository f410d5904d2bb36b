import { z } from 'zod';

/**
 * GeoJSON (RFC 7946) answers (`…/grids.geojson`, `…/coverage.geojson`). Their keys are the
 * standard's own (`type`, `features`, `geometry`, `coordinates`, `properties`); the keys we put
 * in a feature's `properties` are ours and camelCase like the rest of the wire.
 */

/** A geometry as stored (grid polygons are Polygon or MultiPolygon), passed on as it is. */
export const geometrySchema = z.looseObject({ type: z.string(), coordinates: z.unknown().optional() });

export const featureSchema = <P extends z.ZodType>(properties: P) => z.object({ type: z.literal('Feature'), geometry: geometrySchema.nullable(), properties });

export const featureCollectionSchema = <P extends z.ZodType>(properties: P) =>
  z.object({ type: z.literal('FeatureCollection'), features: z.array(featureSchema(properties)) });
export type Geometry = z.infer<typeof geometrySchema>;
