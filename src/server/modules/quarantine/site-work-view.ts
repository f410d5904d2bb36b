import type { HealthCheck, SiteTask } from '../../../contract/quarantine';
import type { DB } from '../../db/schema';

/** Health checks and site tasks on the wire (camelCase, src/contract/quarantine.ts). */
export const healthCheckView = (c: DB['health_checks']): HealthCheck => ({
  id: c.id,
  placementId: c.placement_id,
  checkDate: c.check_date,
  temperature: Number(c.temperature),
  symptoms: JSON.parse(c.symptoms) as string[],
  mentalSupport: Number(c.mental_support) === 1,
  needs: c.needs,
  recordedBy: c.recorded_by,
  at: c.at,
});

export interface SiteTaskListRow {
  id: string;
  kind: SiteTask['kind'];
  day: string;
  detail: string | null;
  status: SiteTask['status'];
  created_at: string;
  placement_id: string;
  facility_id: string;
  facility: string;
  room: string | null;
  name: string;
}

export const siteTaskView = (t: SiteTaskListRow): SiteTask => ({
  id: t.id,
  kind: t.kind,
  day: t.day,
  detail: t.detail,
  status: t.status,
  createdAt: t.created_at,
  placementId: t.placement_id,
  facilityId: t.facility_id,
  facility: t.facility,
  room: t.room,
  name: t.name,
});
