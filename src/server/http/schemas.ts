import { z } from 'zod';

/** An area code in a request (2 to 18 digits, prefix-hierarchical); errors name the field. */
export const areaCodeSchema = z.string().regex(/^\d{2,18}$/, 'must be an area code');

/** Page size for keyset lists. */
export const pageLimitSchema = z.coerce.number().int().min(1).max(1000).default(100);
