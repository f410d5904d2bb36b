import type { SiteRef } from '../../modules/auth/actor';
import { AuthService } from '../../modules/auth/auth.service';
import { roles, type Role } from '../../modules/auth/permissions';
import { AREAS } from '../fixtures';
import type { TestContext } from '../harness';
import { PASSWORD, type StreetA } from './seed';

/** One caller the probe plays: a user (session cookie) or an API token (bearer), scoped to street A. */
export interface ProbeActor {
  /** e.g. `lab`, `lab/token`, `lab@site` */
  name: string;
  role: Role;
  headers: Record<string, string>;
}

/** Roles whose staff are posted to a work site, and which of street A's sites that is. */
const postedRoles: Partial<Record<Role, (a: StreetA) => SiteRef>> = {
  sampler: (a) => ({ kind: 'sampling_site', code: a.siteCode }),
  lab: (a) => ({ kind: 'lab', code: a.labCode }),
  quarantine_manager: (a) => ({ kind: 'facility', code: a.facilityId }),
};

/**
 * For every role: a user of street A, an API token of street A, and for the site roles a user
 * posted to a street-A site. Created by the real AuthService; users log in through it too (the
 * HTTP login is rate-limited and would only slow the probe).
 */
export async function createActors(t: TestContext, a: StreetA): Promise<ProbeActor[]> {
  const auth = new AuthService(t.ctx);
  const out: ProbeActor[] = [];
  const user = async (name: string, role: Role, sites: SiteRef[]) => {
    const username = `probe-${name.replace(/[^a-z0-9]+/gi, '-')}`;
    await auth.createUser(t.admin, { username, displayName: username, role, scope: [AREAS.streetA], sites, password: PASSWORD, mustChangePassword: false });
    const { token } = await auth.login(username, PASSWORD, {});
    out.push({ name, role, headers: { cookie: `epigrid_session=${token}` } });
  };
  for (const role of roles) {
    await user(role, role, []);
    const { token } = await auth.createToken(t.admin, { name: `probe-${role}`, role, scope: [AREAS.streetA] });
    out.push({ name: `${role}/token`, role, headers: { authorization: `Bearer ${token}` } });
    const posted = postedRoles[role];
    if (posted) await user(`${role}@site`, role, [posted(a)]);
  }
  return out;
}
