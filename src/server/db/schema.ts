/**
 * The database as Kysely sees it: one interface composed of each capability's tables.
 * DDL lives in db/migrations; these types must match it.
 */
import type { AuthTables } from '../modules/auth/auth.table';
import type { AuditTables } from '../modules/audit/audit.table';
import type { JobTables } from '../jobs/job.table';
import type { AreaTables } from '../modules/areas/areas.table';
import type { PeopleTables } from '../modules/people/people.table';
import type { TestingTables } from '../modules/testing/testing.table';
import type { TracingTables } from '../modules/tracing/tracing.table';
import type { QuarantineTables } from '../modules/quarantine/quarantine.table';
import type { AccessTables } from '../modules/access/handoff.table';
import type { ResidentTables } from '../modules/testing/resident.table';
import type { EventTables } from '../events/events.table';
import type { AlertTables } from '../modules/alerts/alerts.table';
import type { ResponseTables } from '../modules/response/response.table';
import type { SurveillanceTables } from '../modules/surveillance/surveillance.table';

export interface MetaTables {
  app_meta: { key: string; value: string };
}

export interface DB
  extends
    MetaTables,
    AuthTables,
    AuditTables,
    JobTables,
    AreaTables,
    PeopleTables,
    TestingTables,
    TracingTables,
    QuarantineTables,
    AccessTables,
    ResidentTables,
    EventTables,
    AlertTables,
    ResponseTables,
    SurveillanceTables {}
