/**
 * Test helpers: channel records made through the real services (a lab's result, a case, a
 * landing test, an in-stay test), as users make them. Used by the alert tests and the bench.
 */
import { AREAS, newPerson } from '../../test/fixtures';
import type { TestContext } from '../../test/harness';
import { ArrivalsService } from '../tracing/arrivals.service';
import { CasesService } from '../tracing/cases.service';
import { FacilitiesService } from '../quarantine/facilities.service';
import { PlacementsService } from '../quarantine/placements.service';
import { StayService } from '../quarantine/stay.service';
import { ResultsService } from '../testing/results.service';
import { RoundsService } from '../testing/rounds.service';
import { SamplingService } from '../testing/sampling.service';
import { TransportService } from '../testing/transport.service';

export interface TestingWorld {
  roundId: string;
  /** Sampling sites by street: S-A in street A, S-B in street B. */
  sites: { A: string; B: string };
}

let tubeSeq = 0;

export async function testingWorld(t: TestContext, poolSize = 5): Promise<TestingWorld> {
  const rounds = new RoundsService(t.ctx);
  const roundId = (await rounds.createRound(t.admin, { areas: [AREAS.district], poolSize, startsAt: '2026-05-05T00:00:00Z' })).id;
  await rounds.createSite(t.admin, { code: 'S-A', area: AREAS.streetA, teams: 2 });
  await rounds.createSite(t.admin, { code: 'S-B', area: AREAS.streetB, teams: 2 });
  await rounds.createLab(t.admin, { code: 'LAB1', area: AREAS.district, dailyCapacity: 50_000 });
  return { roundId, sites: { A: 'S-A', B: 'S-B' } };
}

/**
 * A pool of `size` residents of `building` sampled at `site`, boxed, handed to the lab and
 * resulted `result` at the clock's time (the lab's file is the record the alert waits for).
 */
export async function pooledResult(
  t: TestContext,
  w: TestingWorld,
  opts: { street: 'A' | 'B'; result?: 'positive' | 'negative' | 'suspected'; size?: number },
): Promise<string> {
  const building = opts.street === 'A' ? AREAS.buildingA : AREAS.buildingB;
  const site = w.sites[opts.street];
  const barcode = `T${String(++tubeSeq).padStart(6, '0')}`;
  const now = t.clock.nowIso();
  const people = [];
  for (let i = 0; i < (opts.size ?? 2); i++) people.push(await newPerson(t, { areaCode: building }));
  await new SamplingService(t.ctx).recordSamples(
    t.admin,
    people.map((p) => ({ roundId: w.roundId, tubeBarcode: barcode, idNumber: p.idNumber, siteCode: site, collectedAt: now, collector: '采样员' })),
  );
  const tr = new TransportService(t.ctx);
  const box = `B${barcode}`;
  await tr.sealBox(t.admin, { code: box, roundId: w.roundId, siteCode: site, tubeBarcodes: [barcode] });
  await tr.handOver(t.admin, box, 'LAB1');
  const r = await new ResultsService(t.ctx).recordResults(t.admin, [
    { tubeBarcode: barcode, result: opts.result ?? 'positive', testedAt: now, labCode: 'LAB1' },
  ]);
  if (r.accepted !== 1) throw new Error(`result not accepted: ${JSON.stringify(r.rejected)}`);
  return barcode;
}

/** A case reported now for a new resident of `building`, found outside control unless `inside`. */
export async function caseFound(t: TestContext, building: string, inside = false): Promise<string> {
  const p = await newPerson(t, { areaCode: building });
  return (
    await new CasesService(t.ctx).create(t.admin, {
      personId: p.id,
      insideControl: inside,
      reportedAt: t.clock.nowIso(),
      onsetDate: t.clock.nowIso().slice(0, 10),
    })
  ).id;
}

/** An arrival to `building` whose landing test is `result` now. */
export async function landingTest(t: TestContext, building: string, result: 'positive' | 'negative' = 'positive'): Promise<string> {
  const p = await newPerson(t, { areaCode: building });
  const arrivals = new ArrivalsService(t.ctx);
  const a = await arrivals.record(t.admin, { idNumber: p.idNumber, origin: '某市', riskLevel: 'low', arrivedAt: t.clock.nowIso(), checkpoint: '高速卡口' });
  await arrivals.landingTest(t.admin, a.id, result, t.clock.nowIso());
  return a.id;
}

/** A resident of `building` placed at a site, whose day-1 in-stay test is positive now. */
export async function inStayPositive(t: TestContext, building: string): Promise<string> {
  const p = await newPerson(t, { areaCode: building });
  const f = await new FacilitiesService(t.ctx).create(t.admin, { type: 'quarantine', name: `隔离点${++tubeSeq}`, areaCode: AREAS.district, rooms: 2 });
  const placement = await new PlacementsService(t.ctx).placeOne(t.admin, { idNumber: p.idNumber, reason: 'close-contact', facilityId: f.id });
  const tests = await new StayService(t.ctx).tests(t.admin, placement.placement_id);
  const first = tests.find((x) => x.phase === 'site');
  if (!first) throw new Error('no in-stay test planned');
  await new StayService(t.ctx).recordTest(t.admin, placement.placement_id, { phase: 'site', day: first.day, result: 'positive', testedAt: t.clock.nowIso() });
  return placement.placement_id;
}
