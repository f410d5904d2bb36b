import { App, Button, Form, InputNumber, Modal, Popconfirm, Select, Space } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { personTags } from '../../../../contract/people';
import { useFail } from '../../../lib/errors';
import { rulesApi, type FrequencyRule } from './api';
import { RuleCard, useCheck, useRuleSave } from './RuleCard';
import { intervalProblem, tagsWithoutRule, type RuleMode } from './rules-model';

interface Values {
  tag: string;
  intervalDays: number | null;
}

/** 核酸检测频次: per person tag, test at least every so many days (加密检测); a tag's rule can be added, changed or removed. */
export function FrequencyRulesCard({ mode }: { mode: RuleMode }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const check = useCheck();
  const [rows, setRows] = useState<FrequencyRule[]>([]);
  const [loading, setLoading] = useState(true);
  /** The rule being changed, or 'new' for a tag without one. */
  const [editing, setEditing] = useState<FrequencyRule | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const { saving, submit } = useRuleSave(form);
  const tagWord = (tag: string) => t(`people.tagNames.${tag}`, { defaultValue: tag });

  const load = useCallback(() => {
    setLoading(true);
    void rulesApi
      .frequencyRules()
      .then((r) => setRows(r.items), fail)
      .finally(() => setLoading(false));
  }, [fail]);
  useEffect(load, [load]);

  const open = (r: FrequencyRule | 'new') => {
    setEditing(r);
    form.setFieldsValue(r === 'new' ? { tag: undefined, intervalDays: 7 } : { tag: r.tag, intervalDays: r.intervalDays });
  };
  const save = () =>
    editing &&
    submit(async (v) => {
      await rulesApi.setFrequencyRule(v.tag, v.intervalDays);
      setEditing(null);
      load();
    });
  const remove = async (tag: string) => {
    try {
      await rulesApi.setFrequencyRule(tag, null);
      void message.success(t('qrules.frequency.removed'));
      load();
    } catch (e) {
      fail(e);
    }
  };

  const columns = [
    { title: t('qrules.frequency.tag'), dataIndex: 'tag', render: (tag: string) => <strong>{tagWord(tag)}</strong> },
    { title: t('qrules.frequency.interval'), dataIndex: 'intervalDays', render: (n: number) => t('qrules.frequency.every', { n }) },
    ...(mode === 'edit'
      ? [
          {
            title: t('common.actions'),
            key: 'edit',
            render: (_: unknown, r: FrequencyRule) => (
              <Space wrap>
                <Button size="small" onClick={() => open(r)} data-testid={`rule-edit-${r.tag}`}>
                  {t('qrules.edit')}
                </Button>
                <Popconfirm
                  title={t('qrules.frequency.removeConfirm', { tag: tagWord(r.tag) })}
                  okText={t('common.yes')}
                  cancelText={t('common.no')}
                  onConfirm={() => remove(r.tag)}
                >
                  <Button size="small" danger data-testid={`rule-remove-${r.tag}`}>
                    {t('qrules.frequency.remove')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];
  const free = tagsWithoutRule(personTags, rows);
  const add = (
    <Button
      size="small"
      type="primary"
      disabled={!free.length}
      title={free.length ? undefined : t('qrules.frequency.allRuled')}
      onClick={() => open('new')}
      data-testid="rule-add-frequency"
    >
      {t('qrules.frequency.add')}
    </Button>
  );

  return (
    <RuleCard kind="frequency" mode={mode} rows={rows} rowKey="tag" columns={columns} loading={loading} extra={add}>
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('qrules.frequency.addTitle') : editing && t('qrules.frequency.editTitle', { tag: tagWord(editing.tag) })}
        okText={t('qrules.save')}
        cancelText={t('qrules.cancel')}
        confirmLoading={saving}
        onOk={() => void save()}
        onCancel={() => setEditing(null)}
        okButtonProps={{ id: 'rule-save-frequency' }}
        forceRender
      >
        <Form form={form} layout="vertical" data-testid="frequency-rule-form">
          <Form.Item name="tag" label={t('qrules.frequency.tag')} rules={[{ required: true, message: t('qrules.problems.tagRequired') }]}>
            <Select
              disabled={editing !== 'new'}
              options={(editing && editing !== 'new' ? [editing.tag] : free).map((tag) => ({ value: tag, label: tagWord(tag) }))}
              data-testid="rule-tag"
            />
          </Form.Item>
          <Form.Item
            name="intervalDays"
            label={t('qrules.frequency.interval')}
            rules={[check(() => intervalProblem((form.getFieldValue('intervalDays') as number | null | undefined) ?? null))]}
          >
            <InputNumber precision={0} addonAfter={t('qrules.dayUnit')} data-testid="rule-interval" />
          </Form.Item>
        </Form>
      </Modal>
    </RuleCard>
  );
}
