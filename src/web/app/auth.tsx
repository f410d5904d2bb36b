import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, get, post, setPasswordChangeRequiredHandler, setUnauthenticatedHandler } from '../api/client';
import type { User } from '../../contract/auth';

interface AuthState {
  user: User | null;
  loading: boolean;
  login(username: string, password: string): Promise<User>;
  logout(): Promise<void>;
  refresh(): Promise<void>;
  can(permission: string): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      setUser((await get<{ user: User }>('/auth/me')).user);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      setUser(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => setUser(null));
    // Marking the user makes the guarded routes send them to the change-password screen.
    setPasswordChangeRequiredHandler(() => setUser((u) => (u ? { ...u, mustChangePassword: true } : u)));
    void refresh();
  }, [refresh]);

  const value: AuthState = {
    user,
    loading,
    async login(username, password) {
      const u = (await post<{ user: User }>('/auth/login', { username, password })).user;
      setUser(u);
      return u;
    },
    async logout() {
      await post('/auth/logout').catch(() => undefined);
      setUser(null);
    },
    refresh,
    can: (p) => !!user?.permissions.some((x) => x === p),
  };
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}
