import { can } from './auth/actor';
import { AreasService } from './areas/areas.service';
import { areasRoutes } from './areas/areas.routes';
import { onboardingRoutes } from './areas/onboarding.routes';
import { responsiblesRoutes } from './areas/responsibles.routes';
import type { EpiModule } from './module';
import { loadDemoCity } from './people/demo-loader';
import { markDemoCity } from './people/demo-marker';
import { peopleRoutes } from './people/people.routes';
import { gridAssignmentRoutes } from './people/grid-assignment.routes';
import { gridReshapeRoutes } from './people/grid-reshape.routes';
import { registerRegistryCommands } from './registry.commands';
import { registerOnboardingCommands } from './onboarding.commands';
import { ensurePersonIndexes } from './people/person-indexes';
import { systemActor } from './auth/actor';

/** Areas, grids, responsibility and the population registry (capabilities 1 and 2). */
export const registryModule: EpiModule = {
  name: 'registry',
  routes: async (app, opts) => {
    await app.register(areasRoutes, opts);
    await app.register(onboardingRoutes, opts);
    await app.register(responsiblesRoutes, opts);
    await app.register(peopleRoutes, opts);
    await app.register(gridAssignmentRoutes, opts);
    await app.register(gridReshapeRoutes, opts);
  },
  commands: (program, kit) => {
    registerRegistryCommands(program, kit);
    registerOnboardingCommands(program, kit);
  },
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
    // Areas without people: a county has begun its own path (README "Your own district, step by step"); no demo on top of it.
    const ownAreas = await ctx.db.selectFrom('areas').select('code').limit(1).execute();
    if (ownAreas.length) {
      ctx.log.info('areas present but no people: not loading the demo city');
      return;
    }
    ctx.log.info({ people: ctx.config.demoPeople }, 'empty registry: loading the demo city');
    const r = await loadDemoCity(ctx, systemActor('demo'), { people: ctx.config.demoPeople, seed: ctx.config.demoSeed });
    // Other capabilities add their demo data (venues, facilities) only where this marker says the city is the demo.
    await markDemoCity(ctx, { people: ctx.config.demoPeople, seed: ctx.config.demoSeed });
    ctx.log.info(r, 'demo city loaded');
  },
};
