/**
 * A person's control status (管控状态). It changes only through PeopleService.changeControlStatus,
 * which records who, when, why and on what evidence.
 */
export const controlStatuses = [
  'none', // 无管控
  'temporary_control', // 临时管控 (member of a positive/suspected pool, awaiting 单管复核)
  'case_candidate', // 疑似病例 (positive single tube, awaiting case confirmation)
  'case', // 病例 (confirmed or asymptomatic)
  'close_contact', // 密接
  'secondary_contact', // 次密接
  'spacetime_companion', // 时空伴随
  'arrival_control', // 风险地区来返人员管控
  'centralised_quarantine', // 集中隔离
  'home_quarantine', // 居家隔离
  'home_monitoring', // 居家健康监测
  'hospitalised', // 定点医院 / 方舱 收治
] as const;

export type ControlStatus = (typeof controlStatuses)[number];

/** Tag codes shared by the registry, testing frequency rules and the demo city. */
export const personTags = [
  'cold_chain',
  'port',
  'transport_station',
  'medical',
  'delivery',
  'driver',
  'quarantine_staff',
  'special_household',
  'returning_worker',
  'risk_area_arrival',
] as const;

export type PersonTag = (typeof personTags)[number];
