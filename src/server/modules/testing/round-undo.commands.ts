import type { Command } from 'commander';
import { DomainError } from '../../errors';
import { commandGroup } from '../cli-helpers';
import type { CliKit } from '../module';
import { PeopleService } from '../people';
import { RoundUndoService } from './round-undo.service';
import { RoundsService } from './rounds.service';

/** round close / reopen / unexempt: the same use cases (scope, audit) as the web's buttons. */
export function registerRoundUndoCommands(program: Command, kit: CliKit): void {
  const round = commandGroup(program, 'round', 'Testing rounds (筛查轮次)');
  round
    .command('close <roundId>')
    .description('Close a round (it can be reopened within 24 hours while no later round covers its areas)')
    .option('--json', 'print {round_id, status}')
    .action(async (roundId: string, o: { json?: boolean }) => {
      await kit.withContext((ctx) => new RoundsService(ctx).closeRound(kit.actor(), roundId));
      kit.print(o.json, { round_id: roundId, status: 'closed' }, `Round ${roundId} closed`);
    });
  round
    .command('reopen <roundId>')
    .description('Reopen a round closed less than 24 hours ago, unless a later round covers its areas')
    .requiredOption('--reason <text>', 'why (kept in the audit entry)')
    .option('--json', 'print {round_id, status}')
    .action(async (roundId: string, o: { reason: string; json?: boolean }) => {
      await kit.withContext((ctx) => new RoundUndoService(ctx).reopenRound(kit.actor(), roundId, o.reason));
      kit.print(o.json, { round_id: roundId, status: 'open' }, `Round ${roundId} reopened`);
    });
  round
    .command('unexempt <roundId>')
    .description('Take back a 免采 record of an open round: the person is on the missing list again')
    .requiredOption('--id-number <number>', "the person's ID number (looked up by keyed hash, never printed)")
    .requiredOption('--reason <text>', 'why (kept in the audit entry)')
    .option('--json', 'print {round_id, person_id}')
    .action(async (roundId: string, o: { idNumber: string; reason: string; json?: boolean }) => {
      const personId = await kit.withContext(async (ctx) => {
        const p = await new PeopleService(ctx).findByIdNumber(kit.actor(), o.idNumber);
        if (!p) throw new DomainError('NOT_FOUND', 'No person with this document number in your areas', { field: 'idNumber' });
        await new RoundUndoService(ctx).undoExemption(kit.actor(), roundId, p.id, o.reason);
        return p.id;
      });
      kit.print(o.json, { round_id: roundId, person_id: personId }, `Exemption taken back; the person is on the missing list of round ${roundId} again`);
    });
}
