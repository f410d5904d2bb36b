import { z } from 'zod';

/**
 * 未落格 (issue 13): people registered above grid level, listed per street/community and placed
 * into grids — the HTTP answers (camelCase; the CLI's `--json` keeps its snake_case keys).
 */
export const unplacedSummary = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), level: z.string(), people: z.number().int() })),
});

export const unplacedPerson = z.object({
  id: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  phoneMasked: z.string().nullable(),
  areaCode: z.string(),
  address: z.string().nullable(),
  householdCode: z.string().nullable(),
});
export type UnplacedPerson = z.infer<typeof unplacedPerson>;

export const unplacedPage = z.object({ items: z.array(unplacedPerson), nextCursor: z.string().nullable() });

export const gridAssigned = z.object({ grid: z.string(), moved: z.number().int() });
