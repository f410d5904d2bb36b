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
  commander: [...allRead, 'response:write', 'people:export', 'drills:run', 'surveillance:write'],
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
    'reports:read',
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
  ],
  transfer_team: ['transfer:read', 'transfer:write', 'quarantine:read'],
  inspector: ['dashboard:read', 'areas:read', 'supervision:read', 'supervision:write', 'quarantine:read', 'testing:read', 'supplies:read'],
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
