import { z } from 'zod';

/**
 * A round's coverage (应采尽采) as the HTTP API answers it and the web shows it — PEOPLE, not tubes
 * (issue 12): `sampled` = people of the target sampled, `resulted` = those with a final result,
 * `positive` = those finally positive (their own single tube), never more resulted than sampled
 * and never more sampled than target. Tubes and pools are beside them. People sampled who are not
 * part of the target are flagged in `outsideTarget` (their positives in `outsidePositive`), not
 * counted in `sampled`. `outsideGrid` = people of the target registered above grid level (未落格).
 * The CLI (`epigrid report coverage --json`) prints the same figures with snake_case keys.
 */
const peopleFigures = {
  target: z.number().int(),
  sampled: z.number().int(),
  resulted: z.number().int(),
  positive: z.number().int(),
  missing: z.number().int(),
  rechecksOpen: z.number().int(),
  outsideTarget: z.number().int(),
  outsidePositive: z.number().int(),
  outsideGrid: z.number().int(),
};

export const coverageAreaSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** True for the row holding the parent area's own people registered above grid level. */
  ownPeople: z.boolean(),
  ...peopleFigures,
});

export const coverageSchema = z.object({
  area: z.string().nullable(),
  ...peopleFigures,
  /** First-pass tubes (pooled or single) taken at the round's sites within the area; re-check tubes are not counted. */
  tubes: z.number().int(),
  /** First-pass tubes that came back positive or suspected. */
  poolsPositive: z.number().int(),
  areas: z.array(coverageAreaSchema),
  /**
   * The figures count every sample acknowledged before this instant (device batches are settled
   * into coverage by a job every few seconds; a small backlog is settled on reading).
   */
  settledAt: z.string(),
  /** Samples acknowledged but not yet in the figures (0 when settled through now). */
  pendingSamples: z.number().int(),
});

export type Coverage = z.infer<typeof coverageSchema>;
export type CoverageArea = z.infer<typeof coverageAreaSchema>;
