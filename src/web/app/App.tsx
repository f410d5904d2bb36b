import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ChangePasswordPage } from '../pages/ChangePasswordPage';
import { LoginPage } from '../pages/LoginPage';
import { AppLayout } from './AppLayout';
import { AuthProvider, useAuth } from './auth';
import { routes } from './routes';

/** The resident's own results: public, no login (its own chunk, kept out of the staff pages). */
const ResidentResultsPage = lazy(() => import('../features/testing/ResidentResultsPage'));

function Guarded() {
  const { user, loading, can } = useAuth();
  if (loading) return <Spin style={{ margin: 64 }} />;
  if (!user) return <Navigate to="/login" replace />;
  if (user.mustChangePassword) return <Navigate to="/password" replace />;
  return (
    <AppLayout>
      <Routes>
        {routes
          .filter((r) => !r.permission || can(r.permission))
          .map((r) => (
            <Route key={r.path} path={r.path === '/' ? '/' : `${r.path}/*`} element={<r.page />} />
          ))}
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </AppLayout>
  );
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#c0392b' } }}>
      <AntApp>
        <AuthProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/password" element={<ChangePasswordPage />} />
              <Route
                path="/results"
                element={
                  <Suspense fallback={<Spin style={{ margin: 64 }} />}>
                    <ResidentResultsPage />
                  </Suspense>
                }
              />
              <Route path="/*" element={<Guarded />} />
            </Routes>
          </BrowserRouter>
        </AuthProvider>
      </AntApp>
    </ConfigProvider>
  );
}
