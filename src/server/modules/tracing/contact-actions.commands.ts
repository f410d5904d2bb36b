import type { Command } from 'commander';
import { commandGroup } from '../cli-helpers';
import type { CliKit } from '../module';
import { ContactActionsService } from './contact-actions.service';
import { ContactsService } from './contacts.service';
import type { ContactClass, ContactStatus } from './tracing.table';

const CLASSES: readonly ContactClass[] = ['close', 'secondary', 'companion'];

interface Selection {
  ids?: string;
  case?: string;
  class?: string;
}

/** Repeatable `--carer <personId=name>` and `--dependant <personId>` (the minor rule's inputs). */
const collect = (v: string, prev: string[] = []) => [...prev, v];
function careOf(o: { carer?: string[]; dependant?: string[] }) {
  const carers = (o.carer ?? []).map((c) => {
    const at = c.indexOf('=');
    if (at < 1) throw new Error('--carer must be <personId>=<guardian or carer name>');
    return { personId: c.slice(0, at), carer: c.slice(at + 1) };
  });
  return { carers, dependants: o.dependant ?? [] };
}

/**
 * The contacts a command acts on: `--ids a,b,c`, or every contact of `--case` in the given status
 * (optionally of one `--class`) — never an ID number.
 */
async function select(kit: CliKit, o: Selection, status: ContactStatus): Promise<string[]> {
  if (o.class && !(CLASSES as readonly string[]).includes(o.class)) throw new Error(`--class must be one of ${CLASSES.join(', ')}`);
  if (o.ids)
    return o.ids
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const caseId = o.case;
  if (!caseId) throw new Error('give --ids or --case');
  const page = await kit.withContext((ctx) =>
    new ContactsService(ctx).list(kit.actor(), { caseId, status, cls: o.class as ContactClass | undefined, limit: 500 }),
  );
  if (page.items.length === 0) throw new Error(`no ${status} contacts of case ${caseId}${o.class ? ` (class ${o.class})` : ''}`);
  return page.items.map((c) => c.id);
}

const selectionOptions = (c: Command) =>
  c
    .option('--ids <ids>', 'contact ids, comma-separated (trace contacts --json prints contact_id)')
    .option('--case <id>', 'case id or code: all its contacts in the status this command works on')
    .option('--class <class>', `with --case: only ${CLASSES.join(' | ')}`);

/** contacts decide | place | transfer — the web's bulk hand-offs (issue 12), by contact id. */
export function registerContactActionCommands(program: Command, kit: CliKit): void {
  const contacts = commandGroup(program, 'contacts', 'Work on selected contacts (判定, 安排隔离, 转运)');
  selectionOptions(
    contacts
      .command('decide')
      .description('Confirm or dismiss many contacts at once; all-or-nothing (with --case: its candidates)')
      .requiredOption('--decision <d>', 'confirm | dismiss')
      .option('--as <class>', `class when confirming: ${CLASSES.join(' | ')}`)
      .option('--reason <text>', 'why (dismissing)')
      .option('--json', 'print JSON'),
  ).action(async (o: Selection & { decision: string; as?: string; reason?: string; json?: boolean }) => {
    if (o.decision !== 'confirm' && o.decision !== 'dismiss') throw new Error('--decision must be confirm or dismiss');
    if (o.as && !(CLASSES as readonly string[]).includes(o.as)) throw new Error(`--as must be one of ${CLASSES.join(', ')}`);
    const ids = await select(kit, o, 'candidate');
    const r = await kit.withContext((ctx) =>
      new ContactActionsService(ctx).decideMany(kit.actor(), ids, {
        decision: o.decision as 'confirm' | 'dismiss',
        class: o.as as ContactClass,
        reason: o.reason,
      }),
    );
    const items = r.items.map((i) => ({ id: i.id, status: i.status, class: i.class }));
    kit.print(o.json, items, items.map((i) => `${i.id} ${i.status} ${i.class}`).join('\n'));
  });
  selectionOptions(
    contacts
      .command('place')
      .description('安排隔离 for confirmed contacts; keeps its good rows (problems per contact); minors go with an adult of the household or a named carer')
      .option('--facility <id>', 'facility id (default: nearest active site with a free room)')
      .option('--carer <personId=name>', 'guardian or carer named for a minor or dependant (repeatable)', collect)
      .option('--dependant <personId>', 'flag an adult who needs a carer (repeatable)', collect)
      .option('--json', 'print JSON'),
  ).action(async (o: Selection & { facility?: string; carer?: string[]; dependant?: string[]; json?: boolean }) => {
    const contactIds = await select(kit, o, 'confirmed');
    const r = await kit.withContext((ctx) => new ContactActionsService(ctx).place(kit.actor(), { contactIds, facilityId: o.facility, ...careOf(o) }));
    const json = {
      placed: r.placed.map((p) => ({ placement_id: p.placement_id, person_id: p.person_id, facility_id: p.facility_id, room: p.room, site_end: p.site_end })),
      problems: r.problems.map((p) => ({ contact_id: p.contactId, code: p.code, reason: p.reason })),
    };
    kit.print(
      o.json,
      json,
      [`placed ${json.placed.length}, not placed ${json.problems.length}`, ...json.problems.map((p) => `  ${p.contact_id}: ${p.code} ${p.reason}`)].join('\n'),
    );
  });
  selectionOptions(
    contacts
      .command('transfer')
      .description('转运 for confirmed close or secondary contacts (one kind per request); all-or-nothing, a household in one run')
      .requiredOption('--to <facilityId>', 'destination facility id')
      .option('--deadline-hours <h>', 'hours to arrive (default: the rule’s)')
      .option('--carer <personId=name>', 'guardian or carer named for a minor or dependant (repeatable)', collect)
      .option('--dependant <personId>', 'flag an adult who needs a carer (repeatable)', collect)
      .option('--json', 'print JSON'),
  ).action(async (o: Selection & { to: string; deadlineHours?: string; carer?: string[]; dependant?: string[]; json?: boolean }) => {
    const contactIds = await select(kit, o, 'confirmed');
    const deadlineHours = o.deadlineHours ? Number(o.deadlineHours) : undefined;
    if (deadlineHours !== undefined && !(deadlineHours > 0 && deadlineHours <= 72)) throw new Error('--deadline-hours must be between 0 and 72');
    const r = await kit.withContext((ctx) =>
      new ContactActionsService(ctx).transfer(kit.actor(), { contactIds, toFacilityId: o.to, deadlineHours, ...careOf(o) }),
    );
    const items = r.items.map((i) => ({ id: i.id, status: i.status }));
    kit.print(o.json, items, `requested ${items.length} transfer(s): ${items.map((i) => `${i.id} [${i.status}]`).join(', ')}`);
  });
}
