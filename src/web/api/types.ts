export interface User {
  id: string;
  username: string;
  displayName: string;
  role: string;
  scope: string[];
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
