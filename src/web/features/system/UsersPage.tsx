import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Card, Input, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../../api/client';
import type { User, UserPage } from '../../../contract/auth';
import { KeysetTable } from '../../components/KeysetTable';
import { SiteTags } from './SitesSelect';
import { UserForm } from './UserForm';
import { UsersImport } from './UsersImport';
import { fmtAt } from '../../lib/format';

/** 用户管理: list, create, edit, disable and reset the users whose whole grant lies within the caller's (the server filters). */
export default function UsersPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [reload, setReload] = useState(0);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const fetchPage = useCallback((cursor: string | null) => get<UserPage>(`/users${qs({ cursor, q, limit: 50 })}`), [q]);

  return (
    <Card
      title={t('users.title')}
      extra={
        <Space>
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            {t('usersImport.button')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('common.create')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.Search
          placeholder={t('common.search')}
          allowClear
          onSearch={(v) => {
            setQ(v);
            setReload((n) => n + 1);
          }}
          style={{ maxWidth: 320 }}
        />
        <KeysetTable<User>
          rowKey="id"
          reloadKey={reload}
          fetchPage={fetchPage}
          columns={[
            { title: t('users.username'), dataIndex: 'username' },
            { title: t('users.displayName'), dataIndex: 'displayName' },
            { title: t('users.role'), dataIndex: 'role', render: (r: string) => t(`roles.${r}`) },
            { title: t('users.scope'), dataIndex: 'scope', render: (s: string[]) => s.map((c) => <Tag key={c}>{c}</Tag>) },
            { title: t('users.sites'), dataIndex: 'sites', render: (_: unknown, u) => <SiteTags sites={u.sites ?? []} /> },
            {
              title: t('users.disabled'),
              dataIndex: 'disabled',
              render: (d: boolean, u) =>
                d ? (
                  <Tag color="red">{t('users.disabled')}</Tag>
                ) : u.lockedUntil && dayjs(u.lockedUntil).isAfter(dayjs()) ? (
                  <Tag color="orange">
                    {t('users.locked')} {fmtAt(u.lockedUntil, 'HH:mm')}
                  </Tag>
                ) : null,
            },
            { title: t('users.createdAt'), dataIndex: 'createdAt', render: (d: string) => fmtAt(d, 'YYYY-MM-DD HH:mm') },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_, u) => (
                <Button size="small" onClick={() => setEditing(u)}>
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      </Space>
      {importing && (
        <UsersImport
          onClose={(changed) => {
            setImporting(false);
            if (changed) setReload((n) => n + 1);
          }}
        />
      )}
      {editing && (
        <UserForm
          user={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            void message.success(editing === 'new' ? t('users.created') : t('users.saved'));
            setEditing(null);
            setReload((n) => n + 1);
          }}
        />
      )}
    </Card>
  );
}
