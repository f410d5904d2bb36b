import fs from 'node:fs';
import type { Command } from 'commander';
import { commandGroup } from '../cli-helpers';
import type { CliKit } from '../module';
import { DocumentsService, type PrintedFile } from './documents.service';

type Out = { out?: string; json?: boolean };

/** `epigrid print …`: each printable document written to a PDF file (the same service as the web's 打印 buttons). */
export function registerDocumentCommands(program: Command, kit: CliKit): void {
  const print = commandGroup(program, 'print', 'Printable documents as PDF (转运单, 箱单, 告知书, 解除证明, 未采名单)');
  const write = async (o: Out, make: (s: DocumentsService) => Promise<PrintedFile>) => {
    const f = await kit.withContext((ctx) => make(new DocumentsService(ctx)));
    const file = o.out ?? f.filename;
    fs.writeFileSync(file, f.pdf);
    kit.print(o.json, { file, document: f.kind, bytes: f.pdf.length }, `${f.kind}: ${file} (${f.pdf.length} bytes)`);
  };
  const common = (c: Command) =>
    c.option('--out <file.pdf>', 'where to write (default: the document’s own name)').option('--json', 'print {file, document, bytes}');
  common(print.command('transfer-sheet').description('转运单 of one vehicle run (stops in pickup order)').requiredOption('--run <runId>', 'the run id')).action(
    (o: Out & { run: string }) => write(o, (s) => s.transferSheet(kit.actor(), o.run)),
  );
  common(print.command('box-manifest').description('转运箱清单: the tubes of one transport box').requiredOption('--box <code>', 'the box code')).action(
    (o: Out & { box: string }) => write(o, (s) => s.boxManifest(kit.actor(), o.box)),
  );
  common(print.command('quarantine-notice').description('隔离告知书 of one placement').requiredOption('--placement <id>', 'the placement id')).action(
    (o: Out & { placement: string }) => write(o, (s) => s.quarantineNotice(kit.actor(), o.placement)),
  );
  common(
    print.command('release-certificate').description('解除隔离证明 of one released placement').requiredOption('--placement <id>', 'the placement id'),
  ).action((o: Out & { placement: string }) => write(o, (s) => s.releaseCertificate(kit.actor(), o.placement)));
  common(
    print
      .command('missing-list')
      .description('未采名单 of a round for an area, grid by grid with the grid worker')
      .requiredOption('--round <id>', 'the round id')
      .requiredOption('--area <code>', 'the area (street, community or grid)'),
  ).action((o: Out & { round: string; area: string }) => write(o, (s) => s.missingList(kit.actor(), o.round, o.area)));
}
