export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  scope: string; // JSON array of area codes
  sites: string; // JSON array of {kind, code} work-site postings (see actor.ts SiteRef)
  disabled: number;
  must_change_password: number;
  failed_logins: number;
  locked_until: string | null;
  phone_masked: string | null;
  /** AES-GCM (lib/pii.ts), shown only masked; null when no phone is known. */
  phone_enc: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokenRow {
  id: string;
  name: string;
  token_hash: string;
  role: string;
  scope: string;
  sites: string; // JSON array of {kind, code}, as on users
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  last_used_at: string | null;
}

/** One area a user's or token's grant reaches: a scope code ('*' = city) or a posted site's area. */
export interface PrincipalAreaRow {
  principal_kind: 'user' | 'token';
  principal_id: string;
  area_code: string;
}

/** Failed logins of one user name from one client address (see login-throttle.ts). */
export interface LoginAttemptRow {
  username: string;
  address: string;
  failures: number;
  locked_until: string | null;
  last_failed_at: string;
}

export interface AuthTables {
  users: UserRow;
  sessions: SessionRow;
  api_tokens: ApiTokenRow;
  principal_areas: PrincipalAreaRow;
  login_attempts: LoginAttemptRow;
}
