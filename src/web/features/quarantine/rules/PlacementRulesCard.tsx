import { Button, Form, InputNumber, Modal, Select, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { placementReasons, placementSetting } from '../../../../contract/quarantine';
import { useFail } from '../../../lib/errors';
import { rulesApi, type PlacementRule, type RuleInput } from './api';
import { RuleCard, useCheck, useDayList, useRuleSave } from './RuleCard';
import { dayChoices, inVocabularyOrder, placementRuleProblems, sortedDays, type PlacementRuleValues, type RuleMode } from './rules-model';

type Values = Omit<RuleInput, 'siteDays' | 'homeDays'> & { siteDays: number | null; homeDays: number | null };

/** 隔离期限: per placement reason, the setting, the days on site and at home, and the test days of each. */
export function PlacementRulesCard({ mode }: { mode: RuleMode }) {
  const { t } = useTranslation();
  const fail = useFail();
  const check = useCheck();
  const dayList = useDayList();
  const [rows, setRows] = useState<PlacementRule[]>([]);
  const [loading, setLoading] = useState(true);
  const [editing, setEditing] = useState<PlacementRule | null>(null);
  const [form] = Form.useForm<Values>();
  const { saving, submit } = useRuleSave(form);
  const siteDays = Form.useWatch('siteDays', form) ?? null;
  const homeDays = Form.useWatch('homeDays', form) ?? null;

  const load = useCallback(() => {
    setLoading(true);
    void rulesApi
      .placementRules()
      .then((r) => setRows(inVocabularyOrder(r.items, (x) => x.reason, placementReasons)), fail)
      .finally(() => setLoading(false));
  }, [fail]);
  useEffect(load, [load]);

  const open = (r: PlacementRule) => {
    setEditing(r);
    form.setFieldsValue({ setting: r.setting, siteDays: r.siteDays, homeDays: r.homeDays, testDays: r.testDays, homeTestDays: r.homeTestDays });
  };
  /** The whole edit as the model checks it (every field read from the form, so a changed period re-checks its days). */
  const current = (): PlacementRuleValues => {
    const v = form.getFieldsValue();
    return { siteDays: v.siteDays ?? null, homeDays: v.homeDays ?? null, testDays: v.testDays ?? [], homeTestDays: v.homeTestDays ?? [] };
  };
  const save = () =>
    editing &&
    submit(async (v) => {
      const body: RuleInput = {
        setting: v.setting,
        siteDays: v.siteDays ?? 0,
        homeDays: v.homeDays ?? 0,
        testDays: sortedDays(v.testDays),
        homeTestDays: sortedDays(v.homeTestDays),
      };
      setRows(inVocabularyOrder((await rulesApi.setPlacementRule(editing.reason, body)).items, (x) => x.reason, placementReasons));
      setEditing(null);
    });

  const columns = [
    { title: t('qrules.quarantine.reason'), dataIndex: 'reason', render: (r: string) => <strong>{t(`quarantine.reasons.${r}`, { defaultValue: r })}</strong> },
    { title: t('qrules.quarantine.setting'), dataIndex: 'setting', render: (s: string) => t(`qrules.quarantine.settings.${s}`) },
    { title: t('qrules.quarantine.siteDays'), dataIndex: 'siteDays', render: (n: number) => t('qrules.days', { n }) },
    { title: t('qrules.quarantine.testDays'), dataIndex: 'testDays', render: (d: number[]) => dayList(d) },
    { title: t('qrules.quarantine.homeDays'), dataIndex: 'homeDays', render: (n: number) => t('qrules.days', { n }) },
    { title: t('qrules.quarantine.homeTestDays'), dataIndex: 'homeTestDays', render: (d: number[]) => dayList(d) },
    ...(mode === 'edit'
      ? [
          {
            title: t('common.actions'),
            key: 'edit',
            render: (_: unknown, r: PlacementRule) => (
              <Button size="small" onClick={() => open(r)} data-testid={`rule-edit-${r.reason}`}>
                {t('qrules.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];
  const dayOptions = (n: number | null) => dayChoices(n).map((d) => ({ value: d, label: d }));

  return (
    <RuleCard kind="quarantine" mode={mode} rows={rows} rowKey="reason" columns={columns} loading={loading}>
      <Modal
        open={!!editing}
        title={editing && t('qrules.quarantine.editTitle', { reason: t(`quarantine.reasons.${editing.reason}`) })}
        okText={t('qrules.save')}
        cancelText={t('qrules.cancel')}
        confirmLoading={saving}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        okButtonProps={{ id: 'rule-save-quarantine' }}
        forceRender
      >
        <Form form={form} layout="vertical" data-testid="placement-rule-form">
          <Form.Item name="setting" label={t('qrules.quarantine.setting')} rules={[{ required: true }]}>
            <Select options={placementSetting.options.map((s) => ({ value: s, label: t(`qrules.quarantine.settings.${s}`) }))} />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="siteDays" label={t('qrules.quarantine.siteDays')} rules={[check(() => placementRuleProblems(current()).siteDays)]}>
              <InputNumber precision={0} addonAfter={t('qrules.dayUnit')} data-testid="rule-site-days" />
            </Form.Item>
            <Form.Item name="homeDays" label={t('qrules.quarantine.homeDays')} rules={[check(() => placementRuleProblems(current()).homeDays)]}>
              <InputNumber precision={0} addonAfter={t('qrules.dayUnit')} data-testid="rule-home-days" />
            </Form.Item>
          </Space>
          <Form.Item
            name="testDays"
            label={t('qrules.quarantine.testDays')}
            dependencies={['siteDays']}
            rules={[check(() => placementRuleProblems(current()).testDays)]}
          >
            <Select mode="multiple" placeholder={t('qrules.quarantine.pickDays')} options={dayOptions(siteDays)} data-testid="rule-test-days" />
          </Form.Item>
          <Form.Item
            name="homeTestDays"
            label={t('qrules.quarantine.homeTestDays')}
            dependencies={['homeDays']}
            rules={[check(() => placementRuleProblems(current()).homeTestDays)]}
          >
            <Select mode="multiple" placeholder={t('qrules.quarantine.pickDays')} options={dayOptions(homeDays)} data-testid="rule-home-test-days" />
          </Form.Item>
        </Form>
      </Modal>
    </RuleCard>
  );
}
