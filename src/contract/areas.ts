import { z } from 'zod';
import { featureCollectionSchema } from './geojson';
import { responsibleDuties, rowErrorSchema } from './owners';

/**
 * The area tree (`/areas/*`) shared by server and web: areas with their counts and owners, gaps,
 * grid polygons, and onboarding a real district (issue 13: loading the official tree, grid and
 * building imports). HTTP JSON is camelCase; the CLI's `--json` keys (`epigrid areas list`,
 * `epigrid areas load`) and the import files' columns keep their snake_case names.
 */

/** `POST /areas/load`: listed districts or every district of one city (codes are checked, and named when unknown, by the server). */
export const loadTreeRequest = z
  .object({
    districts: z.array(z.string().max(12)).min(1).max(100).optional(),
    city: z.string().max(8).optional(),
  })
  .refine((b) => !!b.districts !== !!b.city, { message: 'give districts or city (one of them)', path: ['districts'] });
export type LoadTreeRequest = z.infer<typeof loadTreeRequest>;

/** What loading the official tree did (the same keys as `epigrid areas load --json`). */
export const loadTreeResultSchema = z.object({
  streets: z.number().int(),
  communities: z.number().int(),
  created: z.number().int(),
  unchanged: z.number().int(),
});
export type LoadTreeResult = z.infer<typeof loadTreeResultSchema>;

export type ImportRowError = z.infer<typeof rowErrorSchema>;

/**
 * A grid or building import's outcome. All-or-nothing: `written` false means rows were
 * rejected and nothing was written (the other counts are then 0).
 */
export const importSummarySchema = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  unchanged: z.number().int(),
  updated: z.number().int(),
  written: z.boolean(),
  errors: z.array(rowErrorSchema),
});
export type ImportSummary = z.infer<typeof importSummarySchema>;

export const areaLevels = ['province', 'city', 'district', 'street', 'community', 'grid', 'building'] as const;
export type AreaLevelName = (typeof areaLevels)[number];

/** An area of the tree as the HTTP API shows it, with its counts and how many people answer for it (四方责任). */
export const areaSummarySchema = z.object({
  code: z.string(),
  parentCode: z.string().nullable(),
  level: z.enum(areaLevels),
  name: z.string(),
  population: z.number().int(),
  households: z.number().int(),
  centroidLon: z.number().nullable(),
  centroidLat: z.number().nullable(),
  responsibles: z.number().int(),
});
export type AreaSummary = z.infer<typeof areaSummarySchema>;

/** A person answerable for an area; the phone only masked (in clear by `POST /areas/responsibles/:id/reveal`, audited). */
export const responsibleSchema = z.object({
  id: z.string(),
  duty: z.enum(responsibleDuties),
  name: z.string(),
  title: z.string().nullable(),
  phoneMasked: z.string().nullable(),
});
export type Responsible = z.infer<typeof responsibleSchema>;

export const areaDetailSchema = areaSummarySchema.extend({ responsibles: z.array(responsibleSchema) });
export type AreaDetail = z.infer<typeof areaDetailSchema>;

export const areaRootsSchema = z.object({ items: z.array(areaSummarySchema) });
export const areaPageSchema = z.object({ items: z.array(areaSummarySchema), nextCursor: z.string().nullable() });
export type AreaPage = z.infer<typeof areaPageSchema>;

/** An area with nobody answerable (断点、盲区), or nobody of the asked duty. */
export const areaGapSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(areaLevels),
  parentCode: z.string().nullable(),
  population: z.number().int(),
});
export type AreaGap = z.infer<typeof areaGapSchema>;
export const areaGapPageSchema = z.object({ items: z.array(areaGapSchema), nextCursor: z.string().nullable() });

/** `GET /areas/:code/grids.geojson`: one feature per grid that has a polygon. */
export const gridPropertiesSchema = z.object({ code: z.string(), name: z.string(), population: z.number().int(), households: z.number().int() });
export type GridProperties = z.infer<typeof gridPropertiesSchema>;
export const gridCollectionSchema = featureCollectionSchema(gridPropertiesSchema);
export type GridCollection = z.infer<typeof gridCollectionSchema>;

/** `POST /areas/:code/responsibles`. */
export const responsibleCreateBody = z.object({
  duty: z.string().max(30),
  name: z.string().max(50),
  title: z.string().max(50).optional(),
  phone: z.string().max(20).optional(),
  userId: z.string().max(64).optional(),
});
export type ResponsibleCreate = z.infer<typeof responsibleCreateBody>;
