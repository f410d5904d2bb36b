import type { Command } from 'commander';
import { commandGroup } from '../cli-helpers';
import type { CliKit } from '../module';
import { detectFiles, rtFile } from './surveillance-files';
import { registerSentinelCommands } from './sentinels/sentinel.commands';

const fmt = (x: number | null, digits = 2) => (x === null ? 'NA' : x.toFixed(digits));

/** surveillance detect | rt — the detectors on files, no database. */
export function registerSurveillanceCommands(program: Command, kit: CliKit): void {
  registerSentinelCommands(program, kit);
  const group = commandGroup(program, 'surveillance', 'Monitoring and early warning (监测预警)');
  group
    .command('detect')
    .description('Run an aberration detector (ears | farrington | cusum | ewma, R control names) on a count series')
    .requiredOption('--file <series.csv>', 'CSV with column count (period 1 first) and optional date (YYYY-MM-DD)')
    .requiredOption('--config <control.json>', '{"detector", "frequency": 52|365, "range": [FROM, TO], …R control names…}')
    .option('--json', 'print [{t, observed, expected, upperbound, alarm}]')
    .action((o: { file: string; config: string; json?: boolean }) => {
      const points = detectFiles(o.file, o.config);
      kit.print(
        o.json,
        points,
        points
          .map(
            (p) =>
              `${String(p.t).padStart(5)}  observed ${String(p.observed).padStart(5)}  expected ${fmt(p.expected)}  upperbound ${fmt(p.upperbound)}${p.alarm ? '  ALARM' : ''}`,
          )
          .join('\n'),
      );
    });
  group
    .command('rt')
    .description("Reproduction number from case onsets (EpiEstim's estimate_R, parametric serial interval)")
    .requiredOption('--file <incidence.csv>', 'CSV with column count: onsets per period, period 1 first')
    .requiredOption('--mean-si <x>', 'mean serial interval (periods, > 1)', Number)
    .requiredOption('--std-si <y>', 'serial interval standard deviation', Number)
    .option('--window <n>', 'sliding window length', (v) => Number(v), 7)
    .option('--json', 'print [{t_start, t_end, mean, sd, q025, median, q975}]')
    .action((o: { file: string; meanSi: number; stdSi: number; window: number; json?: boolean }) => {
      const windows = rtFile(o.file, o);
      kit.print(o.json, windows, windows.map((w) => `${w.t_start}-${w.t_end}  R ${fmt(w.mean)} (95% ${fmt(w.q025)}–${fmt(w.q975)})`).join('\n'));
    });
}
