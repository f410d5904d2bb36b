import { z } from 'zod';

/**
 * Onboarding a real district (issue 13), shared by server and web: loading the official
 * area tree and the outcome of a grid or building import.
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
export interface LoadTreeResult {
  streets: number;
  communities: number;
  created: number;
  unchanged: number;
}

export interface ImportRowError {
  row: number;
  column: string;
  reason: string;
}

/**
 * A grid or building import's outcome. All-or-nothing: `written` false means rows were
 * rejected and nothing was written (the other counts are then 0).
 */
export interface ImportSummary {
  accepted: number;
  rejected: number;
  unchanged: number;
  updated: number;
  written: boolean;
  errors: ImportRowError[];
}
