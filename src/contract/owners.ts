import { importRowErrorSchema } from './errors';
import { z } from 'zod';

/**
 * Bulk onboarding of a district's accounts and owners (issue 13 item 5): the columns of the two
 * files and the answer of both imports. CSV columns and the CLI's `--json` keys are integration
 * contracts (snake_case); HTTP JSON is camelCase.
 */

/** `epigrid import users`: one account per row; `scope` is area codes separated by `|`; `sites` (optional) is `kind:code|…`. */
export const userImportColumns = ['username', 'display_name', 'role', 'scope', 'phone'] as const;
export const userImportOptionalColumns = ['sites'] as const;

/** `epigrid import responsibles`: one named owner (四方责任) of an area per row. */
export const responsibleImportColumns = ['area_code', 'duty', 'name', 'title', 'phone'] as const;

/** The duties of 四方责任 plus the grid worker (areas.table.ts ResponsibleDuty). */
export const responsibleDuties = ['locality', 'department', 'unit', 'grid_worker'] as const;
export type ResponsibleDutyName = (typeof responsibleDuties)[number];

export const rowErrorSchema = importRowErrorSchema;
export type ImportRowError = z.infer<typeof rowErrorSchema>;

/** Both imports keep their good rows: `rejected` rows are listed in `errors` (row, column, reason) and nothing of them is written. */
export const ownerImportResultSchema = z.object({
  accepted: z.number().int(),
  rejected: z.number().int(),
  unchanged: z.number().int(),
  updated: z.number().int(),
  errors: z.array(rowErrorSchema),
});
export type OwnerImportResult = z.infer<typeof ownerImportResultSchema>;

/**
 * The users import over HTTP also carries the one-time initial passwords of the accounts it
 * created, as CSV text `username,password`, in this answer only: the server keeps no copy.
 */
export const usersImportResultSchema = ownerImportResultSchema.extend({ passwordsCsv: z.string() });
export type UsersImportResult = z.infer<typeof usersImportResultSchema>;
