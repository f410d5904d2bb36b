import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely
type AnyDb = Kysely<any>;

/**
 * Response command (issue 15): incidents with their links and timeline, plans as data, the tasks
 * an activation creates (one per incident, plan and template: re-activation cannot duplicate),
 * the in-app inbox and the outbox a gateway drains, and work groups with lead and members.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('grade', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('t0', 'text', (c) => c.notNull())
    .addColumn('opened_from', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('closed_note', 'text')
    .execute();
  await db.schema.createIndex('incidents_area').on('incidents').columns(['area_code', 'status']).execute();
  await db.schema.createIndex('incidents_source').on('incidents').columns(['opened_from', 'source_id']).execute();
  await db.schema
    .createTable('incident_links')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_links_pk', ['incident_id', 'kind', 'ref_id'])
    .execute();
  await db.schema
    .createTable('incident_timeline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('ref_type', 'text')
    .addColumn('ref_id', 'text')
    .execute();
  await db.schema.createIndex('incident_timeline_incident').on('incident_timeline').columns(['incident_id', 'at']).execute();
  await db.schema
    .createTable('response_plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('plan_activations')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('plan_code', 'text', (c) => c.notNull())
    .addColumn('plan_version', 'integer', (c) => c.notNull())
    .addColumn('activated_by', 'text', (c) => c.notNull())
    .addColumn('activated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_activations_pk', ['incident_id', 'plan_code'])
    .execute();
  await db.schema
    .createTable('response_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('plan_code', 'text', (c) => c.notNull())
    .addColumn('template_key', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('group_code', 'text')
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('owner_user_id', 'text')
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('owner_note', 'text')
    .addColumn('mark', 'text')
    .addColumn('auto_rule', 'text')
    .addColumn('depends_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('done_at', 'text')
    .addColumn('done_by', 'text')
    .addColumn('done_note', 'text')
    .addColumn('closed_by_ref', 'text')
    .addColumn('alert_stage', 'integer', (c) => c.notNull())
    .addColumn('next_alert_at', 'text')
    .addColumn('escalations', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('response_tasks_template').on('response_tasks').columns(['incident_id', 'plan_code', 'template_key']).unique().execute();
  await db.schema.createIndex('response_tasks_sweep').on('response_tasks').columns(['status', 'next_alert_at']).execute();
  await db.schema.createIndex('response_tasks_owner').on('response_tasks').columns(['owner_user_id', 'status']).execute();
  await db.schema.createIndex('response_tasks_area').on('response_tasks').columns(['area_code', 'status']).execute();
  await db.schema
    .createTable('response_inbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('task_id', 'text', (c) => c.notNull())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema.createIndex('response_inbox_user').on('response_inbox').columns(['user_id', 'created_at']).execute();
  await db.schema
    .createTable('response_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inbox_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('response_outbox_pending').on('response_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema
    .createTable('work_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('lead_user_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('work_groups_code_area').on('work_groups').columns(['code', 'area_code']).unique().execute();
  await db.schema
    .createTable('work_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('work_group_members_pk', ['group_id', 'user_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of [
    'work_group_members',
    'work_groups',
    'response_outbox',
    'response_inbox',
    'response_tasks',
    'plan_activations',
    'response_plans',
    'incident_timeline',
    'incident_links',
    'incidents',
  ])
    await db.schema.dropTable(t).execute();
}
