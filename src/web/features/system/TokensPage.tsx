import { Alert, App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post } from '../../api/client';
import { useErrorText } from '../../lib/errors';
import { grantRefused } from './grant-refused';
import type { Token, TokenCreate, TokenCreated } from '../../../contract/auth';
import { SiteTags, SitesSelect } from './SitesSelect';
import { ROLES, scopeOrSites } from './UserForm';
import './strings';
import { fmtAt } from '../../lib/format';

/** The form's values: the request body, with the lists always present. */
type NewToken = Required<TokenCreate>;

/** API tokens for machine clients (those within the caller's grant); a new token is shown once. */
export default function TokensPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { modal } = App.useApp();
  const [items, setItems] = useState<Token[]>([]);
  const [fresh, setFresh] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => void get<{ items: Token[] }>('/tokens').then((r) => setItems(r.items));
  useEffect(load, []);

  const create = async (v: NewToken) => {
    setError(null);
    try {
      const r = await post<TokenCreated>('/tokens', { ...v, scope: v.scope ?? [], sites: v.sites ?? [] });
      setFresh(r.token);
      load();
    } catch (e) {
      // A grant beyond the caller's own is refused by the server: say so in the user's language.
      setError(grantRefused(e, t) ?? errorText(e));
    }
  };

  return (
    <Card title={t('tokens.title')}>
      <Typography.Paragraph type="secondary">{t('tokens.help')}</Typography.Paragraph>
      <Form
        layout="inline"
        onFinish={(v: NewToken) => void create(v)}
        initialValues={{ role: 'lab', scope: [], sites: [] }}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <Form.Item name="name" rules={[{ required: true }]}>
          <Input placeholder={t('tokens.name')} />
        </Form.Item>
        <Form.Item name="role">
          <Select style={{ width: 160 }} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="scope" dependencies={['sites']} rules={[scopeOrSites(t('users.scopeOrSites'))]}>
          <Select mode="tags" style={{ width: 220 }} placeholder={t('users.scope')} />
        </Form.Item>
        <Form.Item name="sites">
          <SitesSelect style={{ minWidth: 260 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.create')}
        </Button>
      </Form>
      {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={error} closable onClose={() => setError(null)} />}
      {fresh && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('tokens.created')}
          description={
            <Typography.Text copyable code>
              {fresh}
            </Typography.Text>
          }
          closable
          onClose={() => setFresh(null)}
        />
      )}
      <Table<Token>
        rowKey="id"
        size="small"
        dataSource={items}
        pagination={false}
        columns={[
          { title: t('tokens.name'), dataIndex: 'name' },
          { title: t('users.role'), dataIndex: 'role', render: (r: string) => t(`roles.${r}`) },
          { title: t('users.scope'), dataIndex: 'scope', render: (s: string[]) => s.map((c) => <Tag key={c}>{c}</Tag>) },
          { title: t('users.sites'), dataIndex: 'sites', render: (_: unknown, tok) => <SiteTags sites={tok.sites ?? []} /> },
          { title: t('users.createdAt'), dataIndex: 'createdAt', render: (d: string) => fmtAt(d, 'YYYY-MM-DD HH:mm') },
          { title: t('tokens.lastUsed'), dataIndex: 'lastUsedAt', render: (d: string | null) => (d ? fmtAt(d, 'YYYY-MM-DD HH:mm') : '—') },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_, tok) =>
              tok.revokedAt ? (
                <Tag>{t('tokens.revoked')}</Tag>
              ) : (
                <Space>
                  <Button
                    size="small"
                    danger
                    onClick={() => modal.confirm({ title: `${t('common.revoke')} ${tok.name}?`, onOk: () => del(`/tokens/${tok.id}`).then(load) })}
                  >
                    {t('common.revoke')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}
