import {
  AlertOutlined,
  AppstoreOutlined,
  AuditOutlined,
  BarChartOutlined,
  DashboardOutlined,
  ExperimentOutlined,
  HomeOutlined,
  InboxOutlined,
  KeyOutlined,
  MedicineBoxOutlined,
  NodeIndexOutlined,
  SafetyOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  ThunderboltOutlined,
  UserOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { lazy, type ComponentType, type ReactNode } from 'react';
import { ComingSoon } from '../pages/ComingSoon';
import '../features/handoffs/strings'; // the menu label is needed before the lazy page loads
import '../features/alerts/strings';

/**
 * The route registry: one entry per page. A capability adds its pages here (menu key, path,
 * permission, lazy page); entries without `menu: false` appear in the side menu under `group`.
 */
export interface AppRoute {
  path: string;
  /** i18n key of the menu label, e.g. 'menu.testing' */
  label: string;
  icon?: ReactNode;
  permission?: string;
  /** Parent menu group key ('system' for administration pages). */
  group?: string;
  menu?: boolean;
  page: ComponentType;
}

const lazyPage = (load: () => Promise<{ default: ComponentType }>) => lazy(load);
const soon = (key: string) => () => <ComingSoon feature={key} />;

export const routes: AppRoute[] = [
  { path: '/', label: 'menu.home', icon: <HomeOutlined />, page: lazyPage(() => import('../pages/HomePage')) },
  { path: '/areas', label: 'menu.areas', icon: <AppstoreOutlined />, permission: 'areas:read', page: lazyPage(() => import('../features/areas/AreasPage')) },
  { path: '/people', label: 'menu.people', icon: <TeamOutlined />, permission: 'people:read', page: lazyPage(() => import('../features/people/PeoplePage')) },
  {
    path: '/handoffs',
    label: 'menu.handoffs',
    icon: <InboxOutlined />,
    permission: 'people:read',
    page: lazyPage(() => import('../features/handoffs/HandoffsPage')),
  },
  {
    path: '/testing',
    label: 'menu.testing',
    icon: <ExperimentOutlined />,
    permission: 'testing:read',
    page: lazyPage(() => import('../features/testing/TestingPage')),
  },
  {
    path: '/tracing',
    label: 'menu.tracing',
    icon: <NodeIndexOutlined />,
    permission: 'tracing:read',
    page: lazyPage(() => import('../features/tracing/TracingPage')),
  },
  {
    path: '/quarantine',
    label: 'menu.quarantine',
    icon: <MedicineBoxOutlined />,
    permission: 'quarantine:read',
    page: lazyPage(() => import('../features/quarantine/QuarantinePage')),
  },
  {
    path: '/surveillance',
    label: 'menu.surveillance',
    icon: <AlertOutlined />,
    permission: 'surveillance:read',
    page: lazyPage(() => import('../features/surveillance/SurveillancePage')),
  },
  {
    path: '/surveillance/report',
    label: 'menu.surveillance',
    permission: 'surveillance:report',
    menu: false,
    page: lazyPage(() => import('../features/surveillance/PhoneReportPage')),
  },
  {
    path: '/alerts',
    label: 'menu.alerts',
    icon: <WarningOutlined />,
    permission: 'alerts:read',
    page: lazyPage(() => import('../features/alerts/AlertsPage')),
  },
  {
    path: '/response',
    label: 'menu.response',
    icon: <ThunderboltOutlined />,
    permission: 'response:read',
    page: lazyPage(() => import('../features/response/ResponsePage')),
  },
  { path: '/supervision', label: 'menu.supervision', icon: <SafetyOutlined />, permission: 'supervision:read', page: soon('supervision') },
  { path: '/supplies', label: 'menu.supplies', icon: <ScheduleOutlined />, permission: 'supplies:read', page: soon('supplies') },
  { path: '/drills', label: 'menu.drills', icon: <DashboardOutlined />, permission: 'drills:run', page: soon('drills') },
  { path: '/reports', label: 'menu.reports', icon: <BarChartOutlined />, permission: 'reports:read', page: soon('reports') },
  {
    path: '/system/users',
    label: 'menu.users',
    icon: <UserOutlined />,
    permission: 'users:manage',
    group: 'system',
    page: lazyPage(() => import('../features/system/UsersPage')),
  },
  {
    path: '/system/tokens',
    label: 'menu.tokens',
    icon: <KeyOutlined />,
    permission: 'tokens:manage',
    group: 'system',
    page: lazyPage(() => import('../features/system/TokensPage')),
  },
  {
    path: '/system/audit',
    label: 'menu.audit',
    icon: <AuditOutlined />,
    permission: 'audit:read',
    group: 'system',
    page: lazyPage(() => import('../features/system/AuditPage')),
  },
];

export const groups: Record<string, { label: string; icon: ReactNode }> = {
  system: { label: 'menu.system', icon: <SettingOutlined /> },
};
