import type { Case, CaseClock, CaseDetail, CaseListItem, Span } from '../../../contract/tracing';
import type { PersonView } from '../people';
import type { CaseRow, SpanRow } from './tracing.table';

/** Links to cases the reader may not read are already null here (CasesService.links). */
type Linked = { cluster_id: string | null; source_elsewhere?: boolean };
type Bool = number | boolean;

/** Cases and trajectory spans as the wire shows them (src/contract/tracing.ts): the one place rows become camelCase. */
export function caseView(c: Omit<CaseRow, 'cluster_id' | 'inside_control'> & Linked & { inside_control: Bool }): Case {
  return {
    id: c.id,
    code: c.code,
    personId: c.person_id,
    areaCode: c.area_code,
    type: c.type,
    foundBy: c.found_by,
    insideControl: c.inside_control === true || c.inside_control === 1,
    onsetDate: c.onset_date,
    samplingDate: c.sampling_date,
    reportedAt: c.reported_at,
    lookbackStart: c.lookback_start,
    investigationDoneAt: c.investigation_done_at,
    sourceCaseId: c.source_case_id,
    clusterId: c.cluster_id,
    createdBy: c.created_by,
    createdAt: c.created_at,
  };
}

export function caseListItemView(
  c: Pick<
    CaseRow,
    'id' | 'code' | 'type' | 'found_by' | 'area_code' | 'onset_date' | 'sampling_date' | 'reported_at' | 'investigation_done_at' | 'source_case_id'
  > &
    Linked & { inside_control: Bool; name: string; id_number_masked: string; clock: CaseClock; contacts: CaseListItem['contacts'] },
): CaseListItem {
  return {
    id: c.id,
    code: c.code,
    type: c.type,
    foundBy: c.found_by,
    insideControl: c.inside_control === true || c.inside_control === 1,
    areaCode: c.area_code,
    onsetDate: c.onset_date,
    samplingDate: c.sampling_date,
    reportedAt: c.reported_at,
    investigationDoneAt: c.investigation_done_at,
    clusterId: c.cluster_id,
    sourceCaseId: c.source_case_id,
    sourceElsewhere: c.source_elsewhere ?? false,
    name: c.name,
    idNumberMasked: c.id_number_masked,
    clock: c.clock,
    contacts: c.contacts,
  };
}

export function spanView(s: SpanRow): Span {
  return {
    id: s.id,
    caseId: s.case_id,
    kind: s.kind,
    source: s.source,
    venueCode: s.venue_code,
    areaCode: s.area_code,
    place: s.place,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    peopleMet: s.people_met,
    transport: s.transport,
    isPublic: s.is_public === 1,
    createdAt: s.created_at,
  };
}

export function caseDetailView(c: Parameters<typeof caseView>[0] & { person: PersonView; clock: CaseClock; trajectory: readonly SpanRow[] }): CaseDetail {
  return {
    ...caseView(c),
    sourceElsewhere: c.source_elsewhere ?? false,
    person: c.person,
    clock: c.clock,
    trajectory: c.trajectory.map(spanView),
  };
}
