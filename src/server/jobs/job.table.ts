export interface JobRow {
  id: string;
  name: string;
  kind: 'interval' | 'once';
  interval_seconds: number | null;
  payload: string | null;
  status: 'pending' | 'running' | 'done' | 'failed';
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  last_run_at: string | null;
  created_at: string;
}

export interface JobTables {
  jobs: JobRow;
}
