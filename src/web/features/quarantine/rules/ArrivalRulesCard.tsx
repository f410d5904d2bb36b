import { Button, Form, InputNumber, Modal, Select } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { arrivalMeasures, riskLevels } from '../../../../contract/tracing-field';
import { useFail } from '../../../lib/errors';
import { rulesApi, type ArrivalMeasure, type ArrivalRule } from './api';
import { RuleCard, useCheck, useRuleSave } from './RuleCard';
import { inVocabularyOrder, landingHoursProblem, type RuleMode } from './rules-model';

interface Values {
  measure: ArrivalMeasure;
  landingTestHours: number | null;
}

/** 入境/来返人员风险规则: per origin risk level, the measure and the landing-test deadline. */
export function ArrivalRulesCard({ mode }: { mode: RuleMode }) {
  const { t } = useTranslation();
  const fail = useFail();
  const check = useCheck();
  const [rows, setRows] = useState<ArrivalRule[]>([]);
  const [loading, setLoading] = useState(true);
  const [editing, setEditing] = useState<ArrivalRule | null>(null);
  const [form] = Form.useForm<Values>();
  const { saving, submit } = useRuleSave(form);

  const load = useCallback(() => {
    setLoading(true);
    void rulesApi
      .arrivalRules()
      .then((r) => setRows(inVocabularyOrder(r.items, (x) => x.riskLevel, riskLevels)), fail)
      .finally(() => setLoading(false));
  }, [fail]);
  useEffect(load, [load]);

  const open = (r: ArrivalRule) => {
    setEditing(r);
    form.setFieldsValue({ measure: r.measure, landingTestHours: r.landingTestHours });
  };
  const save = () =>
    editing &&
    submit(async (v) => {
      const answer = await rulesApi.setArrivalRule(editing.riskLevel, { measure: v.measure, landingTestHours: v.landingTestHours ?? 0 });
      setRows(inVocabularyOrder(answer.items, (x) => x.riskLevel, riskLevels));
      setEditing(null);
    });

  const columns = [
    { title: t('qrules.arrival.level'), dataIndex: 'riskLevel', render: (l: string) => <strong>{t(`tracing.risks.${l}`)}</strong> },
    { title: t('qrules.arrival.measure'), dataIndex: 'measure', render: (m: string) => t(`tracing.measures.${m}`) },
    { title: t('qrules.arrival.landingTestHours'), dataIndex: 'landingTestHours', render: (n: number) => t('qrules.hours', { n }) },
    ...(mode === 'edit'
      ? [
          {
            title: t('common.actions'),
            key: 'edit',
            render: (_: unknown, r: ArrivalRule) => (
              <Button size="small" onClick={() => open(r)} data-testid={`rule-edit-${r.riskLevel}`}>
                {t('qrules.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <RuleCard kind="arrival" mode={mode} rows={rows} rowKey="riskLevel" columns={columns} loading={loading}>
      <Modal
        open={!!editing}
        title={editing && t('qrules.arrival.editTitle', { level: t(`tracing.risks.${editing.riskLevel}`) })}
        okText={t('qrules.save')}
        cancelText={t('qrules.cancel')}
        confirmLoading={saving}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        okButtonProps={{ id: 'rule-save-arrival' }}
        forceRender
      >
        <Form form={form} layout="vertical" data-testid="arrival-rule-form">
          <Form.Item name="measure" label={t('qrules.arrival.measure')} rules={[{ required: true }]}>
            <Select options={arrivalMeasures.map((m) => ({ value: m, label: t(`tracing.measures.${m}`) }))} data-testid="rule-measure" />
          </Form.Item>
          <Form.Item
            name="landingTestHours"
            label={t('qrules.arrival.landingTestHours')}
            rules={[check(() => landingHoursProblem((form.getFieldValue('landingTestHours') as number | null | undefined) ?? null))]}
          >
            <InputNumber precision={0} addonAfter={t('qrules.hourUnit')} data-testid="rule-landing-hours" />
          </Form.Item>
        </Form>
      </Modal>
    </RuleCard>
  );
}
