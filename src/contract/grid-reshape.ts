import { z } from 'zod';
import { geometrySchema } from './geojson';

/**
 * Redrawing, splitting and merging grids (`/areas/grids/*`, issue 13 item 2), shared by server and
 * web. HTTP JSON is camelCase; `epigrid areas merge-grids|split-grid|redraw-grid --json` prints the
 * same outcome in snake_case.
 */

const gridCode = z.string().regex(/^\d{15}$/, 'a 15-digit grid code');
const reason = z.string().max(200).optional();

export const mergeGridsRequest = z.object({ into: gridCode, from: z.array(gridCode).min(1).max(50), reason });
export type MergeGridsRequest = z.infer<typeof mergeGridsRequest>;

export const splitPartSchema = z.object({ gridCode: z.string().max(15).optional(), name: z.string().max(100), geometry: geometrySchema });
export const splitGridRequest = z.object({ grid: gridCode, parts: z.array(splitPartSchema).max(50), reason });
export type SplitGridRequest = z.infer<typeof splitGridRequest>;

export const redrawGridRequest = z.object({ grid: gridCode, geometry: geometrySchema, name: z.string().max(100).optional(), reason });
export type RedrawGridRequest = z.infer<typeof redrawGridRequest>;

/** What a merge, split or redraw did: one transaction, people, households, buildings and counts moved together. */
export const reshapeOutcomeSchema = z.object({
  batchId: z.string(),
  /** The live grids the change drew: the merged grid; the split's parts (the first keeps the code); the redrawn grid. */
  grids: z.array(z.string()),
  created: z.array(z.string()),
  /** Grids merged away: kept as records (their people went to `successorCode`), gone from lists and the map. */
  retired: z.array(z.string()),
  /** Buildings that changed grid, re-issued a code under the new one (scope follows the code). */
  buildings: z.array(z.object({ from: z.string(), to: z.string(), grid: z.string() })),
  moved: z.number().int(),
  households: z.number().int(),
  leftAtGrid: z.number().int(),
  unlocatedBuildings: z.number().int(),
  /** Accounts scoped to a retired code: they now see nobody there and need a new scope. */
  usersToRescope: z.array(z.string()),
});
export type ReshapeOutcome = z.infer<typeof reshapeOutcomeSchema>;
