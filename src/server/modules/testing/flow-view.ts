import type { Box, Recheck, Tube } from '../../../contract/testing';
import type { RechecksService } from './rechecks.service';
import type { TestingTables } from './testing.table';

/** Tubes, boxes and re-checks on the wire (camelCase, src/contract/testing-flow.ts). */
export function tubeView(t: TestingTables['tubes']): Tube {
  return {
    id: t.id,
    barcode: t.barcode,
    roundId: t.round_id,
    siteCode: t.site_code,
    poolSize: t.pool_size,
    sampleCount: t.sample_count,
    isRecheck: !!t.is_recheck,
    status: t.status,
    firstSampledAt: t.first_sampled_at,
    sealedAt: t.sealed_at,
    boxCode: t.box_code,
    result: t.result,
    ctN: t.ct_n,
    ctOrf1ab: t.ct_orf1ab,
    labCode: t.lab_code,
    resultedAt: t.resulted_at,
    resultConflict: !!t.result_conflict,
  };
}

export function boxView(b: TestingTables['boxes']): Box {
  return {
    id: b.id,
    code: b.code,
    roundId: b.round_id,
    siteCode: b.site_code,
    tubeCount: b.tube_count,
    sealedAt: b.sealed_at,
    handedOverAt: b.handed_over_at,
    receivedAt: b.received_at,
    labCode: b.lab_code,
    receivedCount: b.received_count,
    discrepancy: b.discrepancy ? (JSON.parse(b.discrepancy) as Box['discrepancy']) : null,
  };
}

export function recheckView(r: Awaited<ReturnType<RechecksService['list']>>[number]): Recheck {
  return {
    id: r.id,
    personId: r.person_id,
    name: r.name,
    idNumberMasked: r.id_number_masked,
    controlStatus: r.control_status,
    poolTube: r.pool_tube,
    status: r.status,
    owner: r.owner,
    areaCode: r.area_code,
    address: r.address,
    phoneMasked: r.phone_masked,
    createdAt: r.created_at,
    locateDeadline: r.locate_deadline,
    resultDeadline: r.result_deadline,
    locatedAt: r.located_at,
    resampledAt: r.resampled_at,
    resultedAt: r.resulted_at,
    singleTube: r.single_tube,
    overdue: r.overdue,
  };
}
