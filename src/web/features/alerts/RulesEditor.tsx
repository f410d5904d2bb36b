import { App, Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag, Tooltip } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { channelNames, grades, ruleLevels, type Rule, type RuleCreate } from '../../../contract/alerts';
import { useFail } from '../../lib/errors';
import { useAuth } from '../../app/auth';
import { alertsApi } from './api';
import { gradeColor } from './format';
import './strings';

type FormValues = Omit<RuleCreate, 'level' | 'areaCode'> & { level: string; areaCode?: string };

/** Trigger rules (多点触发): list and a form; city-wide rules are read-only without a city-scoped account. */
export function RulesEditor() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { message } = App.useApp();
  const fail = useFail();
  const [rules, setRules] = useState<Rule[]>([]);
  const [editing, setEditing] = useState<Rule | 'new' | null>(null);
  const [form] = Form.useForm<FormValues>();
  const load = useCallback(() => void alertsApi.rules().then((r) => setRules(r.items)), []);
  useEffect(load, [load]);
  const mayWrite = can('triggers:write');

  const openForm = (r: Rule | 'new') => {
    setEditing(r);
    form.setFieldsValue(
      r === 'new'
        ? { code: '', name: '', channels: [], minChannels: 2, minRecords: 2, windowHours: 72, level: 'street', grade: 'orange', dueHours: 24, enabled: true }
        : { ...r, channels: r.channels as RuleCreate['channels'], level: r.level ?? 'none', areaCode: r.areaCode ?? undefined },
    );
  };
  const save = async () => {
    const v = await form.validateFields();
    const body = { ...v, level: v.level === 'none' ? null : (v.level as Rule['level']), areaCode: v.areaCode?.trim() ? v.areaCode.trim() : null };
    try {
      if (editing === 'new') await alertsApi.createRule(body);
      else if (editing) {
        const patch: Partial<typeof body> = { ...body };
        delete patch.code;
        await alertsApi.updateRule(editing.id, patch);
      }
      void message.success(t('alerts.saved'));
      setEditing(null);
      load();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {mayWrite && (
        <Button type="primary" onClick={() => openForm('new')} data-testid="rule-new">
          {t('alerts.ruleForm.new')}
        </Button>
      )}
      <Table<Rule>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={rules}
        data-testid="rules-table"
        columns={[
          { title: t('alerts.ruleForm.code'), dataIndex: 'code' },
          { title: t('alerts.ruleForm.name'), dataIndex: 'name' },
          { title: t('alerts.grade'), dataIndex: 'grade', render: (g: Rule['grade']) => <Tag color={gradeColor[g]}>{t(`alerts.grades.${g}`)}</Tag> },
          {
            title: t('alerts.channelsCol'),
            dataIndex: 'channels',
            render: (cs: string[], r) => (
              <Space direction="vertical" size={0}>
                <Space size={2} wrap>
                  {cs.map((c) => (
                    <Tag key={c}>{t(`alerts.channels.${c}`, { defaultValue: c })}</Tag>
                  ))}
                </Space>
                <span>{t('alerts.ruleForm.summary', { n: r.minChannels, m: r.minRecords, window: r.windowHours })}</span>
              </Space>
            ),
          },
          {
            title: t('alerts.area'),
            key: 'area',
            render: (_: unknown, r) => `${r.areaCode ?? t('alerts.ruleForm.cityWide')}${r.level ? ` · ${t(`alerts.levels.${r.level}`)}` : ''}`,
          },
          { title: t('alerts.ruleForm.dueHours'), dataIndex: 'dueHours' },
          {
            title: t('alerts.ruleForm.enabled'),
            dataIndex: 'enabled',
            render: (on: boolean, r) => (
              <Switch
                size="small"
                checked={on}
                disabled={!mayWrite || !r.editable}
                onChange={(enabled) => void alertsApi.updateRule(r.id, { enabled }).then(load, fail)}
              />
            ),
          },
          {
            title: t('common.actions'),
            key: 'edit',
            render: (_: unknown, r) =>
              mayWrite && r.editable ? (
                <Button size="small" onClick={() => openForm(r)}>
                  {t('alerts.ruleForm.edit')}
                </Button>
              ) : (
                <Tooltip title={t('alerts.ruleForm.readOnly')}>
                  <span style={{ color: '#999' }}>—</span>
                </Tooltip>
              ),
          },
        ]}
      />
      <Modal
        open={!!editing}
        width={640}
        title={t(editing === 'new' ? 'alerts.ruleForm.new' : 'alerts.ruleForm.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => void save()}
      >
        <Form form={form} layout="vertical">
          <Form.Item name="code" label={t('alerts.ruleForm.code')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{1,39}$/ }]}>
            <Input disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="name" label={t('alerts.ruleForm.name')} rules={[{ required: true, max: 80 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="channels" label={t('alerts.ruleForm.channels')} rules={[{ required: true }]}>
            <Checkbox.Group options={channelNames.map((c) => ({ value: c, label: t(`alerts.channels.${c}`) }))} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="minChannels" label={t('alerts.ruleForm.minChannels')} rules={[{ required: true }]}>
              <InputNumber min={1} max={channelNames.length} />
            </Form.Item>
            <Form.Item name="minRecords" label={t('alerts.ruleForm.minRecords')}>
              <InputNumber min={1} max={1000} />
            </Form.Item>
            <Form.Item name="windowHours" label={t('alerts.ruleForm.windowHours')} rules={[{ required: true }]}>
              <InputNumber min={1} max={720} />
            </Form.Item>
            <Form.Item name="dueHours" label={t('alerts.ruleForm.dueHours')}>
              <InputNumber min={1} max={168} />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="areaCode" label={t('alerts.ruleForm.areaCode')} rules={[{ pattern: /^\d{2,18}$/ }]}>
              <Input style={{ width: 200 }} />
            </Form.Item>
            <Form.Item name="level" label={t('alerts.ruleForm.level')}>
              <Select
                style={{ width: 180 }}
                options={[{ value: 'none', label: t('alerts.ruleForm.levelNone') }, ...ruleLevels.map((l) => ({ value: l, label: t(`alerts.levels.${l}`) }))]}
              />
            </Form.Item>
            <Form.Item name="grade" label={t('alerts.grade')} rules={[{ required: true }]}>
              <Select style={{ width: 120 }} options={grades.map((g) => ({ value: g, label: t(`alerts.grades.${g}`) }))} />
            </Form.Item>
            <Form.Item name="enabled" label={t('alerts.ruleForm.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </Space>
  );
}
