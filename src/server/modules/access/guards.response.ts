import type { GuardSpec } from './guard';
import { areaSql } from './scope';

/**
 * Response command: an incident, its tasks and a work group belong to their area; whoever's scope
 * covers it reads and (with the permission) acts on them. Owners are resolved within the area, so
 * a task's owner is in its scope; closing a task is further limited to its owner or the command
 * centre in the service.
 */
export const responseGuards = {
  incident: { table: 'incidents', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  response_task: { table: 'response_tasks', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  work_group: { table: 'work_groups', key: 'id', read: (s) => areaSql(s, 't.area_code') },
  // a control zone carries its incident's area
  response_zone: { table: 'response_zones', key: 'id', read: (s) => areaSql(s, 't.area_code') },
} satisfies Record<string, GuardSpec>;
