import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, get, post, setPasswordChangeRequiredHandler, setUnauthenticatedHandler } from '../api/client';
import type { SessionAnswer, User } from '../../contract/auth';
import { setDisplayZone } from '../lib/format';

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
      const me = await get<SessionAnswer>('/auth/me');
      setDisplayZone(me.timeZone);
      setUser(me.user);
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
      const answer = await post<SessionAnswer>('/auth/login', { username, password });
      setDisplayZone(answer.timeZone);
      setUser(answer.user);
      return answer.user;
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
