import { App, Button, Card, Input, InputNumber, Space, Table } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { rApi, type PlanFull, type PlanSummary } from './api';
import { useFail } from '../../lib/errors';

/** 应急预案: list, view a plan's tasks, edit deadlines, import and export JSON. */
export function PlansTab() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const fail = useFail('response.errors');
  const { message } = App.useApp();
  const [plans, setPlans] = useState<PlanSummary[]>([]);
  const [plan, setPlan] = useState<PlanFull | null>(null);
  const [hours, setHours] = useState<Record<string, number>>({});
  const [json, setJson] = useState('');
  const load = () =>
    void rApi
      .plans()
      .then((r) => setPlans(r.items))
      .catch(fail);
  useEffect(load, []);
  const open = (code: string) =>
    void rApi
      .plan(code)
      .then((p) => {
        setPlan(p);
        setHours(Object.fromEntries(p.definition.tasks.map((x) => [x.key, x.dueHours])));
      })
      .catch(fail);
  const exportPlan = () => {
    if (!plan) return;
    const url = URL.createObjectURL(new Blob([JSON.stringify(plan.definition, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${plan.definition.code}.json`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Table<PlanSummary>
        rowKey="code"
        size="small"
        pagination={false}
        dataSource={plans}
        onRow={(r) => ({ onClick: () => open(r.code), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('response.name'), dataIndex: 'name' },
          { title: 'code', dataIndex: 'code' },
          { title: t('response.board'), dataIndex: 'tasks' },
          { title: t('response.version'), dataIndex: 'version' },
        ]}
      />
      {plan ? (
        <Card
          size="small"
          title={`${plan.definition.name} · v${plan.version}`}
          extra={
            <Space>
              <Button onClick={exportPlan}>{t('response.exportPlan')}</Button>
              {can('response:write') ? (
                <Button
                  type="primary"
                  onClick={() =>
                    rApi
                      .setDeadlines(
                        plan.definition.code,
                        Object.entries(hours).map(([key, dueHours]) => ({ key, dueHours })),
                      )
                      .then((p) => {
                        setPlan(p);
                        message.success(t('response.saved'));
                        load();
                      })
                      .catch(fail)
                  }
                >
                  {t('response.save')}
                </Button>
              ) : null}
            </Space>
          }
        >
          <Table
            rowKey="key"
            size="small"
            pagination={false}
            dataSource={plan.definition.tasks}
            columns={[
              { title: t('response.action'), dataIndex: 'action' },
              { title: t('response.owner'), key: 'owner', render: (_: unknown, r) => `${r.owner.rule}${r.owner.duty ? `:${r.owner.duty}` : ''}` },
              { title: t('response.mark'), dataIndex: 'mark' },
              { title: 'dependsOn', dataIndex: 'dependsOn', render: (v: string[]) => v.join(', ') },
              {
                title: t('response.dueHours'),
                key: 'dueHours',
                render: (_: unknown, r) => (
                  <InputNumber
                    aria-label={`${r.key} dueHours`}
                    min={0}
                    max={8760}
                    value={hours[r.key]}
                    onChange={(v) => setHours((h) => ({ ...h, [r.key]: Number(v ?? 0) }))}
                  />
                ),
              },
            ]}
          />
        </Card>
      ) : null}
      {can('response:write') ? (
        <Card size="small" title={t('response.importPlan')}>
          <Input.TextArea
            rows={6}
            value={json}
            onChange={(e) => setJson(e.target.value)}
            placeholder='{"code": "…", "name": "…", "trigger": {"kind": "manual"}, "tasks": […]}'
          />
          <Button
            style={{ marginTop: 8 }}
            onClick={() => {
              let body: unknown;
              try {
                body = JSON.parse(json);
              } catch {
                return void message.error('JSON');
              }
              rApi
                .importPlan(body)
                .then((r) => {
                  message.success(`${r.code} v${r.version}`);
                  load();
                  open(r.code);
                })
                .catch(fail);
            }}
          >
            {t('response.importPlan')}
          </Button>
        </Card>
      ) : null}
    </Space>
  );
}
