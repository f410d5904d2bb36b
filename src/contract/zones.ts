/**
 * Control zones of an incident (管控区域: 封控区 sealed, 管控区 controlled, 防范区 precaution) and the
 * incident map (`/incidents/:id/zones`, `/zones/:id/end`, `/incidents/:id/map.geojson`). Keys camelCase.
 */
import { z } from 'zod';
import { areaCodeSchema, instantSchema } from '../server/http/schemas';
import { featureCollectionSchema, geometrySchema } from './geojson';

/** 封控区 (stay home), 管控区 (stay in the area), 防范区 (limit gatherings): strictest first. */
export const zoneKinds = ['sealed', 'controlled', 'precaution'] as const;
export type ZoneKind = (typeof zoneKinds)[number];

/** A zone is given by area codes (drawn as their polygons), by a drawn polygon, or both. */
export const zoneBody = z.object({
  kind: z.enum(zoneKinds),
  name: z.string().trim().min(1).max(80).optional(),
  areaCodes: z.array(areaCodeSchema).max(200).default([]),
  /** GeoJSON Polygon or MultiPolygon, WGS-84 [lng, lat]; zone-rules.ts checks it, naming the ring. */
  polygon: geometrySchema.nullable().optional(),
  startsAt: instantSchema.optional(),
  endsAt: instantSchema.nullable().optional(),
});
export type ZoneInput = z.infer<typeof zoneBody>;
export const zoneEndBody = z.object({ endsAt: instantSchema.optional(), note: z.string().trim().min(1).max(500) });

export const zone = z.object({
  id: z.string(),
  incidentId: z.string(),
  kind: z.enum(zoneKinds),
  name: z.string(),
  areaCodes: z.array(z.string()),
  polygon: geometrySchema.nullable(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  /** In force now (started, not ended). */
  active: z.boolean(),
  createdAt: z.string(),
});
export type Zone = z.infer<typeof zone>;
export const zoneList = z.object({ items: z.array(zone) });

/**
 * The incident map: its area, its zones (a drawn polygon, else the polygons of its areas) and
 * points for the linked cases (at their building or the nearest area with a centroid: never an
 * address) and placements (at their facility's area). `layer` says which.
 */
export const mapProperties = z.object({
  layer: z.enum(['area', 'zone', 'case', 'placement']),
  ref: z.string(),
  label: z.string(),
  kind: z.string().nullable(),
  /** Polygons: 0 the incident's area, 1 防范区, 2 管控区, 3 封控区 (the map colours by it). */
  tone: z.number(),
  color: z.string().nullable(),
  active: z.boolean(),
});
export type MapProperties = z.infer<typeof mapProperties>;
export const incidentMap = featureCollectionSchema(mapProperties);
export type IncidentMap = z.infer<typeof incidentMap>;
