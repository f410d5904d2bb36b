import { useTabParam } from '../../lib/tab-param';
import { DownloadOutlined, UserAddOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Input, Space, Tabs, Tag } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get, qs } from '../../api/client';
import { useAuth } from '../../app/auth';
import { FileUpload } from '../../components/FileUpload';
import { useFileLang } from '../../lib/errors';
import { KeysetTable } from '../../components/KeysetTable';
import { PersonDrawer } from './PersonDrawer';
import { PersonForm } from './PersonForm';
import './strings';
import type { ImportResult, PeoplePage as SearchPage, Person } from '../../../contract/people';

/** 人口底数: search (masked, scoped), person page, import with row-by-row report, masked export. */
export default function PeoplePage() {
  const { t } = useTranslation();
  const fileLang = useFileLang();
  const [tab, setTab] = useTabParam('list');
  const { can, user } = useAuth();
  const [q, setQ] = useState('');
  const [area, setArea] = useState(user?.scope[0] === '*' ? '' : (user?.scope[0] ?? ''));
  const [reload, setReload] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [registering, setRegistering] = useState(false);
  const { message } = App.useApp();
  const fetchPage = useCallback(
    (cursor: string | null) =>
      q || area ? get<SearchPage>(`/people${qs({ q, area: q ? undefined : area, cursor, limit: 50 })}`) : Promise.resolve({ items: [], nextCursor: null }),
    [q, area],
  );

  const list = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          placeholder={t('people.search')}
          allowClear
          style={{ width: 280 }}
          onSearch={(v) => {
            setQ(v.trim());
            setReload((n) => n + 1);
          }}
          data-testid="people-search"
        />
        <Input
          placeholder={t('people.area')}
          value={area}
          onChange={(e) => setArea(e.target.value.trim())}
          onPressEnter={() => setReload((n) => n + 1)}
          style={{ width: 200 }}
        />
        {can('people:write') && (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setRegistering(true)} data-testid="person-register">
            {t('people.register')}
          </Button>
        )}
        {can('people:export') && (
          <Button icon={<DownloadOutlined />} href={`/api/v1/people/export${qs({ q, area: q ? undefined : area, format: 'csv', lang: fileLang })}`}>
            {t('people.export')}
          </Button>
        )}
      </Space>
      <KeysetTable<Person>
        cardsOnPhone
        rowKey="id"
        reloadKey={reload}
        fetchPage={fetchPage}
        columns={[
          { title: t('people.name'), dataIndex: 'name', render: (n: string, p) => <a onClick={() => setOpen(p.id)}>{n}</a> },
          { title: t('people.sex'), dataIndex: 'sex', render: (s: string) => t(`people.sexes.${s}`) },
          { title: t('people.birthDate'), dataIndex: 'birthDate' },
          { title: t('people.idNumber'), dataIndex: 'idNumberMasked' },
          { title: t('people.phone'), dataIndex: 'phoneMasked' },
          { title: t('people.address'), dataIndex: 'address', ellipsis: true },
          { title: t('people.tags'), dataIndex: 'tags', render: (tags: string[]) => tags.map((tag) => <Tag key={tag}>{t(`people.tagNames.${tag}`)}</Tag>) },
          {
            title: t('people.status'),
            dataIndex: 'controlStatus',
            render: (s: string) => <Tag color={s === 'none' ? 'default' : 'volcano'}>{t(`people.statuses.${s}`)}</Tag>,
          },
        ]}
      />
    </Space>
  );

  const importer = (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" message={t('people.importHelp')} />
      <FileUpload<ImportResult> url="/people/import" errorsOf={(r) => r.errors} onDone={setResult} />
      {result && (
        <Alert
          type={result.rejected ? 'warning' : 'success'}
          message={t('people.result', { accepted: result.accepted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected })}
          data-testid="import-result"
        />
      )}
    </Space>
  );

  return (
    <Card title={t('people.title')}>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'list', label: t('people.list'), children: list },
          ...(can('people:import') ? [{ key: 'import', label: t('people.import'), children: importer }] : []),
        ]}
      />
      {open && <PersonDrawer id={open} onClose={() => setOpen(null)} onChanged={() => setReload((n) => n + 1)} />}
      {registering && (
        <PersonForm
          onClose={() => setRegistering(false)}
          onSaved={(p) => {
            setRegistering(false);
            void message.success(t('personForm.registered', { name: p.name }));
            setReload((n) => n + 1);
            setOpen(p.id);
          }}
        />
      )}
    </Card>
  );
}
