import type { AppContext } from '../../context';

const KEY = 'demo_city';

export interface DemoCityMarker {
  people: number;
  seed: number;
  district?: string;
}

/** Record that this database holds the synthetic demo city (and how it was built). */
export async function markDemoCity(ctx: AppContext, city: DemoCityMarker): Promise<void> {
  const value = JSON.stringify(city);
  await ctx.db
    .insertInto('app_meta')
    .values({ key: KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** The demo city this database holds, or null for a real registry (never add demo data to one). */
export async function demoCity(ctx: AppContext): Promise<DemoCityMarker | null> {
  const row = await ctx.db.selectFrom('app_meta').select('value').where('key', '=', KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as DemoCityMarker) : null;
}
