export interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  scope: string[];
  /** Work-site postings: a quarantine site by facility id, a sampling site or lab by code. */
  sites: Array<{ kind: 'facility' | 'sampling_site' | 'lab'; code: string }>;
  permissions: string[];
  disabled: boolean;
  mustChangePassword: boolean;
  lockedUntil: string | null;
  createdAt: string;
}

export interface Figure {
  key: string;
  value: number;
}
