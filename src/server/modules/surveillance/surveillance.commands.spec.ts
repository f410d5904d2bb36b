import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliKit } from '../module';
import { FIXTURES, readFixture, type DetectorFixtures, type RtCase } from './detection/fixtures';
import { registerSurveillanceCommands } from './surveillance.commands';

/** Run `epigrid surveillance …` through the real command definitions; return what --json printed. */
async function run(...args: string[]): Promise<unknown> {
  const printed: unknown[] = [];
  const kit: CliKit = {
    withContext: () => Promise.reject(new Error('surveillance commands need no database')),
    print: (_json, value) => void printed.push(value),
    actor: () => {
      throw new Error('no actor needed');
    },
  };
  const program = new Command('epigrid').exitOverride();
  registerSurveillanceCommands(program, kit);
  await program.parseAsync(['surveillance', ...args, '--json'], { from: 'user' });
  return printed[0];
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'epigrid-detect-'));
const detectors = readFixture<DetectorFixtures>('detectors.json');

describe('epigrid surveillance detect / rt', () => {
  it("detect prints R's answer for a dated weekly series (Noufaily's settings)", async () => {
    const c = detectors.cases.find((x) => x.name === 'seasonal_weekly/noufaily-dates')!;
    const config = path.join(tmp, 'noufaily.json');
    fs.writeFileSync(config, JSON.stringify(c.control));
    const out = (await run('detect', '--file', path.join(FIXTURES, 'seasonal_weekly.csv'), '--config', config)) as Array<Record<string, unknown>>;
    expect(out).toHaveLength(c.result.length);
    expect(Object.keys(out[0]!)).toEqual(['t', 'observed', 'expected', 'upperbound', 'alarm']);
    expect(out.map((p) => p.alarm)).toEqual(c.result.map((r) => r.alarm ?? false));
    out.forEach((p, i) => {
      const r = c.result[i]!;
      if (r.upperbound === null) expect(p.upperbound).toBeNull();
      else expect(Math.abs((p.upperbound as number) - r.upperbound)).toBeLessThanOrEqual(1e-6 * r.upperbound);
    });
    expect(out.some((p) => p.alarm)).toBe(true);
  });

  it('detect names the bad field: control name, too-short series, bad row', async () => {
    const config = path.join(tmp, 'bad.json');
    fs.writeFileSync(config, JSON.stringify({ detector: 'ears', frequency: 52, range: [3, 10], method: 'C1' }));
    const file = path.join(FIXTURES, 'seasonal_weekly.csv');
    await expect(run('detect', '--file', file, '--config', config)).rejects.toMatchObject({
      details: { fields: { range: expect.stringMatching(/needs 7 periods/) } },
    });
    fs.writeFileSync(config, JSON.stringify({ detector: 'cusum', frequency: 52, range: [3, 10], kk: 1 }));
    await expect(run('detect', '--file', file, '--config', config)).rejects.toMatchObject({ details: { fields: { kk: expect.any(String) } } });
    const csv = path.join(tmp, 'bad.csv');
    fs.writeFileSync(csv, 'count\n1\n2\n-3\nx\n');
    fs.writeFileSync(config, JSON.stringify({ detector: 'cusum', frequency: 52, range: [2, 4] }));
    await expect(run('detect', '--file', csv, '--config', config)).rejects.toMatchObject({
      details: { fields: { count: expect.stringMatching(/row 4.*row 5/) } },
    });
  });

  it("rt prints EpiEstim's windows for the incidence file", async () => {
    const c = readFixture<{ cases: RtCase[] }>('rt.json').cases.find((x) => x.name === 'epidemic/si-4.8-2.3/w7')!;
    const out = (await run('rt', '--file', path.join(FIXTURES, 'incidence.csv'), '--mean-si', '4.8', '--std-si', '2.3')) as Array<
      Record<string, number | null>
    >;
    expect(out.map((w) => [w.t_start, w.t_end])).toEqual(c.result.map((r) => [r.t_start, r.t_end]));
    out.forEach((w, i) => expect(Math.abs(w.mean! - c.result[i]!.mean!)).toBeLessThanOrEqual(1e-6 * c.result[i]!.mean!));
    const w14 = (await run('rt', '--file', path.join(FIXTURES, 'incidence.csv'), '--mean-si', '2.6', '--std-si', '1.5', '--window', '14')) as unknown[];
    expect(w14).toHaveLength(readFixture<{ cases: RtCase[] }>('rt.json').cases.find((x) => x.name === 'epidemic/si-2.6-1.5/w14')!.result.length);
    await expect(run('rt', '--file', path.join(FIXTURES, 'incidence.csv'), '--mean-si', '1', '--std-si', '2')).rejects.toMatchObject({
      details: { fields: { 'mean-si': expect.any(String) } },
    });
  });
});
