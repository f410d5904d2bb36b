import { LogoutOutlined, LockOutlined, MenuOutlined, TranslationOutlined } from '@ant-design/icons';
import { Button, Dropdown, Grid, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from './auth';
import { setLang } from './i18n';
import { groups, routes } from './routes';

type MenuItem = { key: string; icon?: ReactNode; label: ReactNode; children?: MenuItem[] };

/** Side menu with every capability the user may open, header with user, language and logout. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const { user, can, logout } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  // null = follow the screen: open on a desktop, folded on a phone until the header button opens it.
  const [userCollapsed, setUserCollapsed] = useState<boolean | null>(null);
  const collapsed = userCollapsed ?? !screens.md;
  const phone = !screens.md;

  const visible = routes.filter((r) => r.menu !== false && (!r.permission || can(r.permission)));
  const items: MenuItem[] = [];
  for (const r of visible) {
    const item: MenuItem = { key: r.path, icon: r.icon, label: <Link to={r.path}>{t(r.label)}</Link> };
    if (!r.group) items.push(item);
    else {
      let g = items.find((i) => i.key === `group:${r.group}`);
      if (!g) {
        const def = groups[r.group];
        g = { key: `group:${r.group}`, icon: def?.icon, label: t(def?.label ?? r.group), children: [] };
        items.push(g);
      }
      g.children?.push(item);
    }
  }
  const selected = visible.filter((r) => r.path === location.pathname || (r.path !== '/' && location.pathname.startsWith(r.path))).map((r) => r.path);
  const switchLang = () => setLang(i18n.language === 'zh' ? 'en' : 'zh');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* On a phone the menu folds away completely (collapsedWidth 0) so the sampling page gets the screen. */}
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setUserCollapsed}
        trigger={phone ? null : undefined}
        width={200}
        collapsedWidth={phone ? 0 : 80}
      >
        <div style={{ color: '#fff', padding: '16px', fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden' }}>
          {collapsed ? t('app.short') : t('app.name')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected}
          defaultOpenKeys={collapsed ? [] : ['group:system']}
          items={items}
          onClick={() => phone && setUserCollapsed(true)}
        />
      </Layout.Sider>
      {/* minWidth 0: as a flex item the page column would otherwise grow to its widest content (a long tab bar) and run off a phone. */}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header
          style={{ background: '#fff', padding: '0 16px', display: 'flex', justifyContent: phone ? 'space-between' : 'flex-end', alignItems: 'center' }}
        >
          {phone && <Button icon={<MenuOutlined />} aria-label="menu" data-testid="menu-toggle" onClick={() => setUserCollapsed(!collapsed)} />}
          <Space size="middle">
            <Button icon={<TranslationOutlined />} onClick={switchLang} data-testid="lang-switch">
              {t('header.language')}
            </Button>
            <Dropdown
              menu={{
                items: [
                  { key: 'pw', icon: <LockOutlined />, label: t('header.changePassword'), onClick: () => void navigate('/password') },
                  { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), onClick: () => void logout().then(() => navigate('/login')) },
                ],
              }}
            >
              <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
                {screens.sm && <Typography.Text strong>{user?.displayName}</Typography.Text>}
                <Tag color="blue">{t(`roles.${user?.role ?? ''}`)}</Tag>
              </Space>
            </Dropdown>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: screens.md ? 16 : 4 }}>
          <Suspense fallback={<Spin />}>{children}</Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
