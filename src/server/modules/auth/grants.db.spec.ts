import { AREAS, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import { FacilitiesService } from '../quarantine/facilities.service';
import { RoundsService } from '../testing/rounds.service';
import { AuthService } from './auth.service';
import type { Permission, Role } from './permissions';

const PASSWORD = 'Test-password-123';
let n = 0;
const uniq = (p: string) => `${p}${++n}`;

for (const dialect of testDialects()) {
  describe(`[${dialect}] user and token management cannot escalate (issue 10)`, () => {
    let t: TestContext;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    const http = async (cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      (await t.app()).inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
    const login = async (username: string, password = PASSWORD, remoteAddress = '127.0.0.1') =>
      (await t.app()).inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });
    const newUser = (role: Role, scope: string[], extra: { sites?: Array<{ kind: 'facility' | 'sampling_site' | 'lab'; code: string }> } = {}) =>
      new AuthService(t.ctx).createUser(t.admin, {
        username: uniq(role.replace(/_/g, '')),
        displayName: role,
        role,
        scope,
        password: PASSWORD,
        mustChangePassword: false,
        ...extra,
      });
    const refusals = async (action: string, actorId: string) =>
      t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('actor_id', '=', actorId).execute();
    const streetAdmin = () => t.loginAs('admin', [AREAS.streetA]);

    it('a street admin cannot create a city-wide admin; the attempt is a 403 and audited', async () => {
      const { cookie, userId } = await streetAdmin();
      const name = uniq('cityadmin');
      const r = await http(cookie, 'POST', '/users', { username: name, displayName: 'x', role: 'admin', scope: ['*'], password: PASSWORD });
      expect(r.statusCode).toBe(403);
      expect(r.json().error).toMatchObject({ code: 'FORBIDDEN', details: { field: 'scope' } });
      expect(await t.ctx.db.selectFrom('users').select('id').where('username', '=', name).executeTakeFirst()).toBeUndefined();
      const audit = await refusals('user.refused', userId);
      expect(audit).toHaveLength(1);
      expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ attempt: 'create', code: 'FORBIDDEN', scope: ['*'] });
    });

    it('a street admin cannot grant the district or the neighbouring street, but can grant inside the street', async () => {
      const { cookie } = await streetAdmin();
      for (const scope of [[AREAS.district], [AREAS.streetB], [AREAS.streetA, AREAS.streetB]]) {
        const r = await http(cookie, 'POST', '/users', { username: uniq('gw'), displayName: 'x', role: 'grid_worker', scope, password: PASSWORD });
        expect(r.statusCode).toBe(403);
      }
      const ok = await http(cookie, 'POST', '/users', {
        username: uniq('gw'),
        displayName: 'x',
        role: 'grid_worker',
        scope: [AREAS.gridA],
        password: PASSWORD,
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().user).toMatchObject({ scope: [AREAS.gridA], sites: [] });
    });

    it('a street admin cannot mint a city-wide admin API token', async () => {
      const { cookie, userId } = await streetAdmin();
      const r = await http(cookie, 'POST', '/tokens', { name: 'city-lims', role: 'admin', scope: ['*'] });
      expect(r.statusCode).toBe(403);
      expect(await t.ctx.db.selectFrom('api_tokens').select('id').where('name', '=', 'city-lims').executeTakeFirst()).toBeUndefined();
      expect(await refusals('token.refused', userId)).toHaveLength(1);
      const own = await http(cookie, 'POST', '/tokens', { name: 'street-lims', role: 'lab', scope: [AREAS.streetA] });
      expect(own.statusCode).toBe(200);
    });

    it("a street admin cannot reset a city-wide commander's password: 404, audited, password unchanged", async () => {
      const commander = await newUser('commander', ['*']);
      const { cookie, userId } = await streetAdmin();
      const r = await http(cookie, 'PATCH', `/users/${commander.id}`, { password: 'Taken-over-2026x' });
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('NOT_FOUND');
      expect((await login(commander.username, 'Taken-over-2026x')).statusCode).toBe(401);
      expect((await login(commander.username)).statusCode).toBe(200);
      const audit = await refusals('user.refused', userId);
      expect(audit[0]).toMatchObject({ target_id: commander.id });
      expect(JSON.parse(audit[0]?.details ?? '{}')).toMatchObject({ attempt: 'reset_password', code: 'NOT_FOUND' });
    });

    it('a street admin cannot disable a street-B user, nor change their role', async () => {
      const other = await newUser('grid_worker', [AREAS.streetB]);
      const { cookie, userId } = await streetAdmin();
      expect((await http(cookie, 'PATCH', `/users/${other.id}`, { disabled: true })).statusCode).toBe(404);
      expect((await http(cookie, 'PATCH', `/users/${other.id}`, { role: 'sampler' })).statusCode).toBe(404);
      const row = await t.ctx.db.selectFrom('users').select(['disabled', 'role']).where('id', '=', other.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ disabled: 0, role: 'grid_worker' });
      expect(await refusals('user.refused', userId)).toHaveLength(2);
    });

    it('nobody widens their own scope or changes their own role, sites or state', async () => {
      const { cookie, userId } = await streetAdmin();
      const wide = await http(cookie, 'PATCH', `/users/${userId}`, { scope: ['*'] });
      expect(wide.statusCode).toBe(403);
      const narrower = await http(cookie, 'PATCH', `/users/${userId}`, { scope: [AREAS.gridA] });
      expect(narrower.statusCode).toBe(403);
      expect((await http(cookie, 'PATCH', `/users/${userId}`, { role: 'commander' })).statusCode).toBe(403);
      expect((await http(cookie, 'PATCH', `/users/${userId}`, { disabled: true })).statusCode).toBe(403);
      // The web form sends the unchanged grant along with a new display name: that is allowed.
      const rename = await http(cookie, 'PATCH', `/users/${userId}`, { displayName: '郁州管理员', role: 'admin', scope: [AREAS.streetA], disabled: false });
      expect(rename.statusCode).toBe(200);
      const me = await http(cookie, 'GET', '/auth/me');
      expect(me.json().user).toMatchObject({ scope: [AREAS.streetA], role: 'admin', displayName: '郁州管理员' });
      expect(await refusals('user.refused', userId)).toHaveLength(4);
    });

    it('a city admin still manages everyone; changes are audited with the grant', async () => {
      const { cookie, userId } = await t.loginAs('admin', ['*']);
      const other = await newUser('grid_worker', [AREAS.streetB]);
      const r = await http(cookie, 'PATCH', `/users/${other.id}`, { scope: [AREAS.streetA], role: 'area_official' });
      expect(r.statusCode).toBe(200);
      const entry = await t.ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.updated')
        .where('target_id', '=', other.id)
        .executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ actor_id: userId, area_code: AREAS.streetA });
      expect(JSON.parse(entry.details ?? '{}')).toMatchObject({ role: 'area_official', scope: [AREAS.streetA] });
    });

    it('nobody grants a role with permissions they lack (a users:manage holder with few permissions)', async () => {
      const row = await newUser('lab', [AREAS.streetA]);
      const limited = {
        kind: 'user' as const,
        id: row.id,
        name: row.username,
        role: 'lab' as Role,
        permissions: new Set<Permission>(['users:manage', 'testing:read', 'testing:result']),
        scope: [AREAS.streetA],
        sites: [],
      };
      const auth = new AuthService(t.ctx);
      const base = { displayName: 'x', scope: [AREAS.streetA], password: PASSWORD };
      await expect(auth.createUser(limited, { ...base, username: uniq('x'), role: 'area_official' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        details: { field: 'role' },
      });
      const lab = await auth.createUser(limited, { ...base, username: uniq('x'), role: 'lab' });
      await expect(auth.updateUser(limited, lab.id, { role: 'admin' })).rejects.toMatchObject({ code: 'FORBIDDEN', details: { field: 'role' } });
      // A more powerful user inside the same street is not theirs to manage either.
      const official = await newUser('area_official', [AREAS.streetA]);
      await expect(auth.updateUser(limited, official.id, { disabled: true })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect((await auth.listUsers(limited, { limit: 50 })).items.map((u) => u.role)).not.toContain('area_official');
    });

    it('user and token lists hold only what the caller may manage, filtered in SQL and paged', async () => {
      const inA = await newUser('grid_worker', [AREAS.communityA]);
      const inB = await newUser('grid_worker', [AREAS.streetB]);
      const both = await newUser('area_official', [AREAS.streetA, AREAS.streetB]);
      const city = await newUser('commander', ['*']);
      const { cookie } = await streetAdmin();
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await http(cookie, 'GET', `/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        const page: { items: Array<{ id: string; scope: string[] }>; nextCursor: string | null } = res.json();
        expect(page.items.length).toBeLessThanOrEqual(2);
        for (const u of page.items) {
          seen.push(u.id);
          expect(u.scope.every((c) => c.startsWith(AREAS.streetA))).toBe(true);
        }
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toContain(inA.id);
      for (const hidden of [inB.id, both.id, city.id]) expect(seen).not.toContain(hidden);

      const admin = await t.loginAs('admin', ['*']);
      const tokB = await http(admin.cookie, 'POST', '/tokens', { name: uniq('tok-b'), role: 'lab', scope: [AREAS.streetB] });
      const tokA = await http(admin.cookie, 'POST', '/tokens', { name: uniq('tok-a'), role: 'lab', scope: [AREAS.gridA] });
      const listed = (await http(cookie, 'GET', '/tokens')).json<{ items: Array<{ id: string; sites: unknown[] }> }>().items.map((x) => x.id);
      expect(listed).toContain(tokA.json().id);
      expect(listed).not.toContain(tokB.json().id);
      expect((await http(admin.cookie, 'GET', '/tokens')).json().items.map((x: { id: string }) => x.id)).toContain(tokB.json().id);
    });

    it("a street admin cannot revoke another street's token: 404, audited, token still works", async () => {
      const admin = await t.loginAs('admin', ['*']);
      const tok = (await http(admin.cookie, 'POST', '/tokens', { name: uniq('lims-b'), role: 'lab', scope: [AREAS.streetB] })).json<{
        id: string;
        token: string;
      }>();
      const { cookie, userId } = await streetAdmin();
      expect((await http(cookie, 'DELETE', `/tokens/${tok.id}`)).statusCode).toBe(404);
      const still = await (await t.app()).inject({ url: '/api/v1/overview', headers: { authorization: `Bearer ${tok.token}` } });
      expect(still.statusCode).toBe(200);
      expect(await refusals('token.refused', userId)).toHaveLength(1);
      expect((await http(admin.cookie, 'DELETE', `/tokens/${tok.id}`)).statusCode).toBe(204);
    });

    it('an API token obeys the same rules as a user of its role and scope', async () => {
      const admin = await t.loginAs('admin', ['*']);
      const tok = (await http(admin.cookie, 'POST', '/tokens', { name: uniq('ops-a'), role: 'admin', scope: [AREAS.streetA] })).json<{
        id: string;
        token: string;
      }>();
      const bearer = { authorization: `Bearer ${tok.token}` };
      const app = await t.app();
      const city = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: bearer,
        payload: { username: uniq('ca'), displayName: 'x', role: 'admin', scope: ['*'], password: PASSWORD },
      });
      expect(city.statusCode).toBe(403);
      const cityToken = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: bearer, payload: { name: 'x', role: 'admin', scope: ['*'] } });
      expect(cityToken.statusCode).toBe(403);
      const commander = await newUser('commander', ['*']);
      expect(
        (await app.inject({ method: 'PATCH', url: `/api/v1/users/${commander.id}`, headers: bearer, payload: { password: 'Taken-over-2026x' } })).statusCode,
      ).toBe(404);
      const list = (await app.inject({ url: '/api/v1/users?limit=200', headers: bearer })).json<{ items: Array<{ scope: string[] }> }>();
      expect(list.items.every((u) => u.scope.every((c) => c.startsWith(AREAS.streetA)))).toBe(true);
      const refused = await t.ctx.db.selectFrom('audit_log').select('action').where('actor_id', '=', tok.id).where('action', 'like', '%.refused').execute();
      expect(refused).toHaveLength(3);
    });

    describe('work-site postings', () => {
      let facilityA: string;
      let facilityB: string;
      beforeAll(async () => {
        const rounds = new RoundsService(t.ctx);
        await rounds.createLab(t.admin, { code: 'LAB-A', area: AREAS.streetA, dailyCapacity: 1000 });
        await rounds.createLab(t.admin, { code: 'LAB-B', area: AREAS.streetB, dailyCapacity: 1000 });
        await rounds.createSite(t.admin, { code: 'SITE-A', area: AREAS.communityA });
        const facilities = new FacilitiesService(t.ctx);
        facilityA = (await facilities.create(t.admin, { name: '郁州隔离点', type: 'quarantine', areaCode: AREAS.streetA })).id;
        facilityB = (await facilities.create(t.admin, { name: '朐阳隔离点', type: 'quarantine', areaCode: AREAS.streetB })).id;
      });

      it('are set on create and update, validated to exist, and returned in the user and me views', async () => {
        const { cookie } = await streetAdmin();
        const sites = [
          { kind: 'lab', code: 'LAB-A' },
          { kind: 'sampling_site', code: 'SITE-A' },
          { kind: 'facility', code: facilityA },
        ];
        const name = uniq('poster');
        const r = await http(cookie, 'POST', '/users', {
          username: name,
          displayName: 'x',
          role: 'quarantine_manager',
          scope: [AREAS.streetA],
          sites,
          password: PASSWORD,
        });
        expect(r.statusCode).toBe(200);
        expect(r.json().user.sites).toEqual(sites);
        const id = r.json().user.id as string;
        const missing = await http(cookie, 'PATCH', `/users/${id}`, { sites: [{ kind: 'lab', code: 'NO-SUCH-LAB' }] });
        expect(missing.statusCode).toBe(400);
        expect(missing.json().error.details.fields).toHaveProperty('sites');
        const bad = await http(cookie, 'PATCH', `/users/${id}`, { sites: [{ kind: 'hospital', code: 'x' }] });
        expect(bad.statusCode).toBe(400);
        const patched = await http(cookie, 'PATCH', `/users/${id}`, { sites: [{ kind: 'facility', code: facilityA }] });
        expect(patched.json().user.sites).toEqual([{ kind: 'facility', code: facilityA }]);
        const theirs = (await (await t.app()).inject({ url: '/api/v1/auth/me', headers: { cookie: await cookieOf(name) } })).json();
        expect(theirs.user.sites).toEqual([{ kind: 'facility', code: facilityA }]);
        const tok = await http(cookie, 'POST', '/tokens', { name: uniq('lims'), role: 'lab', scope: [], sites: [{ kind: 'lab', code: 'LAB-A' }] });
        expect(tok.statusCode).toBe(200);
        const tokens = (await http(cookie, 'GET', '/tokens')).json<{ items: Array<{ id: string; sites: unknown }> }>().items;
        expect(tokens.find((x) => x.id === tok.json().id)?.sites).toEqual([{ kind: 'lab', code: 'LAB-A' }]);
      });

      it("a site outside the granter's scope is refused (403), for users and tokens", async () => {
        const { cookie, userId } = await streetAdmin();
        const user = await http(cookie, 'POST', '/users', {
          username: uniq('x'),
          displayName: 'x',
          role: 'lab',
          scope: [AREAS.streetA],
          sites: [{ kind: 'lab', code: 'LAB-B' }],
          password: PASSWORD,
        });
        expect(user.statusCode).toBe(403);
        expect(user.json().error.details).toMatchObject({ field: 'sites' });
        const tok = await http(cookie, 'POST', '/tokens', {
          name: uniq('x'),
          role: 'quarantine_manager',
          scope: [],
          sites: [{ kind: 'facility', code: facilityB }],
        });
        expect(tok.statusCode).toBe(403);
        expect(await refusals('user.refused', userId)).toHaveLength(1);
        expect(await refusals('token.refused', userId)).toHaveLength(1);
      });

      it("a user posted to another street's site is outside a street admin's reach, even with no areas", async () => {
        const labB = await newUser('lab', [], { sites: [{ kind: 'lab', code: 'LAB-B' }] });
        const labA = await newUser('lab', [], { sites: [{ kind: 'lab', code: 'LAB-A' }] });
        const { cookie } = await streetAdmin();
        expect((await http(cookie, 'PATCH', `/users/${labB.id}`, { password: 'Taken-over-2026x' })).statusCode).toBe(404);
        expect((await http(cookie, 'PATCH', `/users/${labA.id}`, { password: 'Reset-by-admin-2026' })).statusCode).toBe(200);
        const ids = (await http(cookie, 'GET', '/users?limit=200')).json<{ items: Array<{ id: string }> }>().items.map((u) => u.id);
        expect(ids).toContain(labA.id);
        expect(ids).not.toContain(labB.id);
      });
    });

    async function cookieOf(username: string): Promise<string> {
      const r = await login(username);
      return String(r.headers['set-cookie']).split(';')[0] as string;
    }
  });
}
