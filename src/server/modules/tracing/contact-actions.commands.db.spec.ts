import { Command } from 'commander';
import { makeIdNumber } from '../../lib/id-number';
import { AREAS, newPerson, seedAreas } from '../../test/fixtures';
import { createTestContext, testDialects, type TestContext } from '../../test/harness';
import type { CliKit } from '../module';
import { registerQuarantineCommands } from '../quarantine/quarantine.commands';
import { FacilitiesService } from '../quarantine/facilities.service';
import { CasesService } from './cases.service';
import { ContactsService } from './contacts.service';
import { registerTracingCommands } from './tracing.commands';

for (const dialect of testDialects()) {
  describe(`[${dialect}] hand-off CLI: contacts decide|place|transfer, transfer list|phone`, () => {
    let t: TestContext;
    let n = 0;
    beforeAll(async () => {
      t = await createTestContext(dialect);
      await seedAreas(t);
    });
    afterAll(() => t.close());

    /** Run one `epigrid …` command in-process on the test database; returns what it printed as JSON. */
    async function epigrid(...args: string[]): Promise<unknown> {
      const printed: unknown[] = [];
      const kit: CliKit = { withContext: (fn) => fn(t.ctx), print: (_json, value) => void printed.push(value), actor: () => t.admin };
      const program = new Command('epigrid').exitOverride();
      registerTracingCommands(program, kit);
      registerQuarantineCommands(program, kit);
      await program.parseAsync(['node', 'epigrid', ...args]);
      return printed[0];
    }
    const born = (yearsAgo: number) => {
      const d = new Date(t.ctx.clock.nowIso());
      d.setUTCFullYear(d.getUTCFullYear() - yearsAgo);
      return makeIdNumber('320706', d.toISOString().slice(0, 10).replaceAll('-', ''), 700 + ++n);
    };
    const person = (yearsAgo: number) => newPerson(t, { idNumber: born(yearsAgo), householdCode: `H-CLI-${++n}`, areaCode: AREAS.buildingA });

    it('decides a case’s candidates, places them keeping the good rows, then the lone child with a named carer', async () => {
      const kase = await person(40);
      const [adult, child] = [await person(30), await person(4)];
      const c = await new CasesService(t.ctx).create(t.admin, { personId: kase.id, onsetDate: '2026-05-01' });
      const contacts = new ContactsService(t.ctx);
      const ids = [(await contacts.addManual(t.admin, c.id, { personId: adult.id })).id, (await contacts.addManual(t.admin, c.id, { personId: child.id })).id];
      const decided = (await epigrid('contacts', 'decide', '--case', c.code, '--decision', 'confirm', '--as', 'close', '--json')) as Array<{ status: string }>;
      expect(decided.map((d) => d.status)).toEqual(['confirmed', 'confirmed']);
      const f = await new FacilitiesService(t.ctx).create(t.admin, { name: `点${++n}`, type: 'quarantine', areaCode: AREAS.streetA, rooms: 4 });
      const first = (await epigrid('contacts', 'place', '--case', c.code, '--facility', f.id, '--json')) as {
        placed: Array<{ person_id: string }>;
        problems: Array<{ contact_id: string; code: string }>;
      };
      expect(first.placed.map((p) => p.person_id)).toEqual([adult.id]);
      expect(first.problems).toEqual([{ contact_id: ids[1], code: 'NEEDS_GUARDIAN', reason: expect.stringContaining('4岁') }]);
      const second = (await epigrid('contacts', 'place', '--ids', ids[1]!, '--facility', f.id, '--carer', `${child.id}=外婆 李某`, '--json')) as {
        placed: Array<{ person_id: string }>;
        problems: unknown[];
      };
      expect(second).toMatchObject({ placed: [{ person_id: child.id }], problems: [] });
    });

    it('transfers a confirmed contact, lists it on the board with address and masked phone, reads the phone in clear (audited)', async () => {
      const kase = await person(40);
      const adult = await person(35);
      const c = await new CasesService(t.ctx).create(t.admin, { personId: kase.id, onsetDate: '2026-05-01' });
      const id = (await new ContactsService(t.ctx).addManual(t.admin, c.id, { personId: adult.id })).id;
      const f = await new FacilitiesService(t.ctx).create(t.admin, { name: `点${++n}`, type: 'quarantine', areaCode: AREAS.streetA, rooms: 4 });
      // Only confirmed contacts are transferred: the request is refused whole, naming none by ID number.
      await expect(epigrid('contacts', 'transfer', '--ids', id, '--to', f.id, '--json')).rejects.toMatchObject({ code: 'NOT_CONFIRMED' });
      await epigrid('contacts', 'decide', '--ids', id, '--decision', 'confirm', '--as', 'close', '--json');
      const [req] = (await epigrid('contacts', 'transfer', '--ids', id, '--to', f.id, '--json')) as Array<{ id: string; status: string }>;
      expect(req?.status).toBe('requested');
      const board = (await epigrid('transfer', 'list', '--live', '--json')) as Array<Record<string, unknown>>;
      const row = board.find((b) => b.id === req?.id);
      expect(row).toMatchObject({ status: 'requested', pickup_seq: null, id_number_masked: expect.stringContaining('*') });
      expect(Object.keys(row ?? {})).toEqual(expect.arrayContaining(['address', 'phone_masked', 'carer', 'run_id', 'plate']));
      const { phone } = (await epigrid('transfer', 'phone', req!.id, '--reason', '出发前电话联系', '--json')) as { phone: string | null };
      expect(phone === null || /^1\d{10}$/.test(phone)).toBe(true);
      const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'person.pii_revealed').execute();
      expect(audit).toContainEqual({ action: 'person.pii_revealed', target_id: adult.id });
    });
  });
}
