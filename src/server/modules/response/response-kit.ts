import { Command } from 'commander';
import { AREAS, seedAreas } from '../../test/fixtures';
import type { TestContext } from '../../test/harness';
import { newId } from '../../lib/ids';
import { ResponsibleRepository } from '../areas/responsible.repository';
import type { ResponsibleDuty } from '../areas/areas.table';
import { Scope } from '../access';
import type { CliKit } from '../module';
import { registerResponseCommands } from './response.commands';
import { WorkGroupsService } from './work-groups.service';

/** Test helpers for the response module (used by its *.db.spec.ts files only). */
export async function epigrid(t: TestContext, ...args: string[]): Promise<unknown> {
  const printed: unknown[] = [];
  const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
  const program = new Command('epigrid').exitOverride();
  registerResponseCommands(program, kit);
  await program.parseAsync(['node', 'epigrid', ...args]);
  return printed[0];
}

/** A responsible of an area by duty, optionally with a user account. */
export async function addResponsible(t: TestContext, areaCode: string, duty: ResponsibleDuty, name: string, userId: string | null = null): Promise<void> {
  await new ResponsibleRepository(t.ctx.db, Scope.city('test')).insertMany([
    { id: newId(), area_code: areaCode, duty, name, title: null, phone_enc: null, phone_masked: null, user_id: userId, created_at: t.clock.nowIso() },
  ]);
}

/**
 * Street A staffed for the six rapid actions: a commander over the district, a street official
 * (属地, locality), a grid worker, and the leads of the tracing, quarantine and testing groups.
 * The supervision group has no lead and the street's unit duty nobody (to show the fallbacks).
 */
export async function staffStreetA(t: TestContext) {
  await seedAreas(t);
  const commander = await t.loginAs('commander', [AREAS.district]);
  const official = await t.loginAs('area_official', [AREAS.streetA]);
  const gridWorker = await t.loginAs('grid_worker', [AREAS.gridA]);
  const otherWorker = await t.loginAs('grid_worker', [AREAS.gridA]);
  const tracingLead = await t.loginAs('epidemiologist', [AREAS.district]);
  const quarantineLead = await t.loginAs('quarantine_manager', [AREAS.district]);
  await addResponsible(t, AREAS.streetA, 'locality', '郁街长', official.userId);
  await addResponsible(t, AREAS.gridA, 'grid_worker', '网格员甲', gridWorker.userId);
  const groups = new WorkGroupsService(t.ctx);
  await groups.upsert(t.admin, { code: 'tracing', name: '流调溯源组', areaCode: AREAS.district, leadUserId: tracingLead.userId });
  await groups.upsert(t.admin, { code: 'quarantine', name: '隔离管控组', areaCode: AREAS.district, leadUserId: quarantineLead.userId });
  await groups.upsert(t.admin, { code: 'testing', name: '核酸检测组', areaCode: AREAS.district, leadUserId: gridWorker.userId });
  await groups.upsert(t.admin, { code: 'supervision', name: '监督检查组', areaCode: AREAS.district });
  return { commander, official, gridWorker, otherWorker, tracingLead, quarantineLead };
}
