import { overview } from '../../../contract/overview';
import type { ModuleRoutes } from '../../http/plugin';
import { actorOf } from '../../http/route-config';
import type { EpiModule, Figure } from '../module';

/** The home page's live figures: every module contributes its own, computed from kept counters. */
export function overviewRoutes(modules: readonly EpiModule[]): ModuleRoutes {
  return async (app, { ctx }) => {
    app.get(
      '/overview',
      { config: { access: 'authenticated' }, schema: { tags: ['overview'], summary: 'Live figures for the command view', response: { 200: overview } } },
      async (req) => {
        const actor = actorOf(req);
        const figures: Figure[] = [];
        for (const m of modules) if (m.figures) figures.push(...(await m.figures(ctx, actor)));
        return { generatedAt: ctx.clock.nowIso(), figures };
      },
    );
  };
}
