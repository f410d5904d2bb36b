/**
 * The command view's live figures (`/overview`): each capability contributes figures computed
 * from kept counters within the caller's scope. `key` names the figure (a value, e.g.
 * `placements_live`, translated by the web's `figures.*` strings), not a field.
 */
import { z } from 'zod';

export const figure = z.object({ key: z.string(), value: z.number() });
export type Figure = z.infer<typeof figure>;
export const overview = z.object({ generatedAt: z.string(), figures: z.array(figure) });
export type Overview = z.infer<typeof overview>;
