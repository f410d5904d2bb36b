import type { Command } from 'commander';
import { commandGroup } from '../cli-helpers';
import type { CliKit } from '../module';
import { TransferPhoneService } from './transfer-phone.service';
import { TransfersService } from './transfers.service';

/** transfer list | phone — the transfer board with its pickup order, and the audited phone read. */
export function registerTransferCommands(program: Command, kit: CliKit): void {
  const transfer = commandGroup(program, 'transfer', 'Transfers (人员转运)');
  transfer
    .command('list')
    .description('The transfer board: each pickup with its run and stop number, address and masked phone, carer, deadline')
    .option('--live', 'only transfers under way')
    .option('--facility <id>', 'only those going to this facility')
    .option('--limit <n>', 'rows', '300')
    .option('--json', 'print JSON')
    .action(async (o: { live?: boolean; facility?: string; limit: string; json?: boolean }) => {
      const rows = await kit.withContext((ctx) =>
        new TransfersService(ctx).list(kit.actor(), { live: !!o.live, facilityId: o.facility, limit: Math.min(Math.max(Number(o.limit) || 300, 1), 1000) }),
      );
      const json = rows.map((r) => ({
        id: r.id,
        status: r.status,
        name: r.name,
        id_number_masked: r.doc_masked,
        to_facility: r.facility,
        plate: r.plate,
        run_id: r.run_id,
        pickup_seq: r.pickup_seq,
        address: r.address,
        phone_masked: r.phone_masked,
        carer: r.carer,
        deadline: r.deadline,
        overdue: r.overdue,
      }));
      kit.print(
        o.json,
        json,
        json
          .map(
            (r) =>
              `${r.id} [${r.status}] ${r.name} ${r.id_number_masked} → ${r.to_facility}${r.plate ? ` ${r.plate} stop ${r.pickup_seq ?? '?'}` : ''}` +
              ` @ ${r.address ?? '—'} ☎ ${r.phone_masked ?? '—'}${r.carer ? ` carer ${r.carer}` : ''}${r.overdue ? ' OVERDUE' : ''}`,
          )
          .join('\n') || 'No transfers.',
      );
    });
  transfer
    .command('phone <transferId>')
    .description('The phone of the person to pick up, in clear, while the transfer is under way (audited as a reveal; hourly limit)')
    .requiredOption('--reason <text>', 'why (e.g. calling ahead of pickup)')
    .option('--json', 'print JSON')
    .action(async (id: string, o: { reason: string; json?: boolean }) => {
      const r = await kit.withContext((ctx) => new TransferPhoneService(ctx).reveal(kit.actor(), id, o.reason));
      kit.print(o.json, { phone: r.phone }, r.phone ?? 'No phone registered.');
    });
}
