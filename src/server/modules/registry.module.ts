import { can } from './auth/actor';
import { AreasService } from './areas/areas.service';
import { areasRoutes } from './areas/areas.routes';
import type { EpiModule } from './module';
import { loadDemoCity } from './people/demo-loader';
import { markDemoCity } from './people/demo-marker';
import { peopleRoutes } from './people/people.routes';
import { gridAssignmentRoutes } from './people/grid-assignment.routes';
import { registerRegistryCommands } from './registry.commands';
import { ensurePersonIndexes } from './people/person-indexes';
import { systemActor } from './auth/actor';

/** Areas, grids, responsibility and the population registry (capabilities 1 and 2). */
export const registryModule: EpiModule = {
  name: 'registry',
  routes: async (app, opts) => {
    await app.register(areasRoutes, opts);
    await app.register(peopleRoutes, opts);
    await app.register(gridAssignmentRoutes, opts);
  },
  commands: registerRegistryCommands,
  figures: async (ctx, actor) => {
    if (!can(actor, 'areas:read') && !can(actor, 'people:read')) return [];
    const areas = new AreasService(ctx);
    const t = await areas.totals(actor);
    return [
      { key: 'people', value: t.people },
      { key: 'households', value: t.households },
      { key: 'areas', value: t.areas },
      { key: 'grids', value: t.grids },
      { key: 'responsibility_gaps', value: await areas.gapCount(actor) },
    ];
  },
  onStart: async (ctx) => {
    await ensurePersonIndexes(ctx.db); // a bulk load killed half-way leaves its deferred indexes unbuilt
    if (ctx.config.demoPeople <= 0) return;
    const any = await ctx.db.selectFrom('persons').select('id').limit(1).execute();
    if (any.length) return;
    ctx.log.info({ people: ctx.config.demoPeople }, 'empty registry: loading the demo city');
    const r = await loadDemoCity(ctx, systemActor('demo'), { people: ctx.config.demoPeople, seed: ctx.config.demoSeed });
    // Other capabilities add their demo data (venues, facilities) only where this marker says the city is the demo.
    await markDemoCity(ctx, { people: ctx.config.demoPeople, seed: ctx.config.demoSeed });
    ctx.log.info(r, 'demo city loaded');
  },
};
