/**
 * The access vocabulary server and web share (DESIGN.md: one contract): permissions, roles and
 * what each role may do, and the kinds of work site a user can be posted to. The server checks
 * permissions on every route; the web uses the same lists to build its forms and menus.
 */
export const permissions = [
  'dashboard:read',
  'users:manage',
  'tokens:manage',
  'audit:read',
  'jobs:read',
  'areas:read',
  'areas:write',
  'people:read',
  'people:write',
  'people:import',
  'people:export',
  'people:merge',
  'pii:reveal', // see ID numbers and phones in clear (each view audited)
  'testing:read',
  'testing:manage', // rounds, sites, labs, rules
  'testing:sample',
  'testing:transport',
  'testing:result',
  'testing:recheck',
  'tracing:read',
  'tracing:write',
  'tracing:assist', // 协查 notices
  'quarantine:read',
  'quarantine:write',
  'quarantine:healthcheck',
  'transfer:read',
  'transfer:write',
  'surveillance:read',
  'surveillance:write',
  'surveillance:report', // a sentinel's staff: report their own sentinel's daily counts and line list
  'response:read',
  'response:write',
  'supervision:read',
  'supervision:write',
  'supplies:read',
  'supplies:write',
  'drills:run',
  'reports:read',
  'alerts:read', // 预警: alert inbox and trigger rules
  'alerts:triage', // verify, discard, monitor, escalate an alert
  'triggers:write', // trigger rules (city-wide ones also need a city-scoped role)
  'response:task', // close one's own response tasks (the owner); the command centre closes any in its areas
  // 安排隔离/转运: place one's own residents (confirmed contacts, re-check members, a missing list)
  // and request their transfer, by selection — the epidemiologist's hand-off to the quarantine
  // group. Driving a transfer or running a site stays transfer:write / quarantine:write.
  'quarantine:arrange',
] as const;

export type Permission = (typeof permissions)[number];

export const roles = [
  'admin',
  'commander',
  'area_official',
  'grid_worker',
  'sampler',
  'lab',
  'epidemiologist',
  'quarantine_manager',
  'transfer_team',
  'inspector',
  'sentinel_reporter', // 哨点 staff (a pharmacist, a school doctor): posted to their sentinel as a site
] as const;

export type Role = (typeof roles)[number];

const allRead = permissions.filter((p) => p.endsWith(':read'));

export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: permissions,
  commander: [...allRead, 'response:write', 'response:task', 'people:export', 'drills:run', 'surveillance:write', 'alerts:triage', 'triggers:write'],
  area_official: [
    'dashboard:read',
    'areas:read',
    'areas:write',
    'people:read',
    'people:write',
    'people:import',
    'people:export',
    'people:merge',
    'pii:reveal',
    'testing:read',
    'testing:manage',
    'testing:recheck',
    'tracing:read',
    'tracing:assist',
    'quarantine:read',
    'transfer:read',
    'response:read',
    'response:task',
    'reports:read',
    'alerts:read',
    'alerts:triage',
    'triggers:write',
    'surveillance:read',
  ],
  grid_worker: [
    'dashboard:read',
    'areas:read',
    'people:read',
    'people:write',
    'pii:reveal',
    'testing:read',
    'testing:recheck',
    'tracing:read',
    'tracing:assist',
    'quarantine:read',
    'response:read',
    'response:task',
  ],
  sampler: ['testing:read', 'testing:sample', 'testing:transport'],
  lab: ['testing:read', 'testing:result'],
  epidemiologist: [
    'dashboard:read',
    'areas:read',
    'people:read',
    'pii:reveal',
    'testing:read',
    'tracing:read',
    'tracing:write',
    'tracing:assist',
    'quarantine:read',
    'transfer:read',
    'reports:read',
    'alerts:read',
    'alerts:triage',
    'response:read',
    'response:task',
    'quarantine:arrange',
    // 监测预警 is the epidemiologist's desk: sentinels, their signals, not-reported and line lists.
    'surveillance:read',
  ],
  quarantine_manager: [
    'dashboard:read',
    'areas:read',
    'people:read',
    'quarantine:read',
    'quarantine:write',
    'quarantine:healthcheck',
    'transfer:read',
    'transfer:write',
    'testing:read',
    'supplies:read',
    'quarantine:arrange',
    'response:read',
    'response:task',
  ],
  transfer_team: ['transfer:read', 'transfer:write', 'quarantine:read', 'response:read', 'response:task'],
  inspector: [
    'dashboard:read',
    'areas:read',
    'supervision:read',
    'supervision:write',
    'quarantine:read',
    'testing:read',
    'supplies:read',
    'response:read',
    'response:task',
  ],
  sentinel_reporter: ['surveillance:report'],
};

/** The kinds of work site a user can be posted to (quarantine site, sampling site, lab). */
export const siteKinds = ['facility', 'sampling_site', 'lab', 'sentinel'] as const;
export type SiteKind = (typeof siteKinds)[number];

/** A work-site posting: a quarantine site or hospital by facility id, a sampling site, lab or sentinel by its code. */
export interface SiteRef {
  kind: SiteKind;
  code: string;
}
