/** Per-person limits on residents' result look-ups (migration 202612010107_result_guards). */
export interface ResidentTables {
  result_lookup_guards: {
    doc_hash: string;
    failures: number;
    locked_until: string | null;
    window_started_at: string | null;
    codes_in_window: number;
    updated_at: string;
  };
}
