import type { Command } from 'commander';
import type { AppContext } from '../context';
import type { ModuleRoutes } from '../http/plugin';
import type { EventConsumer } from '../events';
import type { JobDefinition, JobScheduler } from '../jobs/scheduler';
import type { Actor } from './auth/actor';

export interface Figure {
  key: string;
  value: number;
}

/** Helpers the CLI gives each module's commands. */
export interface CliKit {
  /** Open the configured database (migrated), run `fn`, close. */
  withContext<T>(fn: (ctx: AppContext) => Promise<T>): Promise<T>;
  /** Print `value` as JSON when `json`, else `human` (or a readable dump). */
  print(json: boolean | undefined, value: unknown, human?: string): void;
  /** The actor a CLI command acts as (system, named after the OS user). */
  actor(): Actor;
}

/** One capability as the server and CLI see it. Add new modules to modules/index.ts. */
export interface EpiModule {
  name: string;
  routes?: ModuleRoutes;
  commands?: (program: Command, kit: CliKit) => void;
  /** Live figures for the home page, within the actor's scope. */
  figures?: (ctx: AppContext, actor: Actor) => Promise<Figure[]>;
  jobs?: JobDefinition[];
  /** Reactions to other capabilities' domain events (events/), run by the `events.dispatch` job. */
  events?: EventConsumer[];
  /** Runs once at server start after migrations (e.g. load the demo city into an empty database). */
  onStart?: (ctx: AppContext, scheduler: JobScheduler) => Promise<void>;
}
