import { App, Card, Space, Table, Tag, Tooltip, Typography, type FormInstance, type TableColumnsType } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RowCards, usePhone } from '../../../components/RowCards';
import { useFail, useFieldErrors } from '../../../lib/errors';
import type { Problem, RuleKind, RuleMode } from './rules-model';
import './rules-strings';

interface Props<T> {
  kind: RuleKind;
  mode: RuleMode;
  rows: readonly T[];
  rowKey: keyof T & string;
  columns: TableColumnsType<T>;
  loading: boolean;
  /** Beside the title for those who may change the rules (e.g. 新增). */
  extra?: ReactNode;
  children?: ReactNode;
}

/**
 * One rule set as a card: its title, what the rule does, the rules as a table on a desk or as
 * cards on a phone, and 只读 with who may change it for a reader who may not.
 */
export function RuleCard<T extends object>({ kind, mode, rows, rowKey, columns, loading, extra, children }: Props<T>) {
  const { t } = useTranslation();
  const phone = usePhone();
  const title = (
    <Space wrap>
      {t(`qrules.${kind}.title`)}
      {mode === 'read' && (
        <Tooltip title={t('qrules.readOnlyHint', { owner: t(`qrules.owners.${kind}`) })}>
          <Tag data-testid={`rules-${kind}-readonly`}>{t('qrules.readOnly')}</Tag>
        </Tooltip>
      )}
    </Space>
  );
  return (
    <Card size="small" title={title} extra={mode === 'edit' ? extra : undefined} data-testid={`rules-${kind}`}>
      <Typography.Paragraph type="secondary">{t(`qrules.${kind}.hint`)}</Typography.Paragraph>
      {phone ? (
        <RowCards rows={rows} columns={columns} rowKey={rowKey} loading={loading} testId={`rules-${kind}-cards`} />
      ) : (
        <Table<T> size="small" rowKey={rowKey} pagination={false} loading={loading} dataSource={[...rows]} columns={columns} />
      )}
      {children}
    </Card>
  );
}

/** A form rule from a model check: the problem's words in the user's language, or none. */
export function useCheck(): (problem: () => Problem | undefined) => { validator: () => Promise<void> } {
  const { t } = useTranslation();
  return (problem) => ({
    validator: () => {
      const p = problem();
      return p ? Promise.reject(new Error(t(`qrules.problems.${p.key}`, { min: p.min, max: p.max }))) : Promise.resolve();
    },
  });
}

/** Days as words: 第 1、2、3 天 (days 1, 2, 3), or 暂无. */
export function useDayList(): (days: readonly number[]) => string {
  const { t, i18n } = useTranslation();
  return (days) => (days.length ? t('qrules.dayList', { days: days.join(i18n.language === 'en' ? ', ' : '、'), count: days.length }) : t('qrules.none'));
}

/**
 * Saving a rule form, the same for every card: validate, send, say so; a refusal naming fields
 * lands on those fields (in the user's language), any other is shown as an error.
 */
export function useRuleSave<V extends object>(form: FormInstance<V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const fail = useFail();
  const fieldErrors = useFieldErrors();
  const [saving, setSaving] = useState(false);
  const submit = async (send: (v: V) => Promise<void>) => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await send(v);
      void message.success(t('qrules.saved'));
    } catch (e) {
      const fields = fieldErrors(e);
      // Field names come from the server's answer: set them on the untyped view of the form.
      if (fields.length) (form as FormInstance).setFields(fields);
      else fail(e);
    } finally {
      setSaving(false);
    }
  };
  return { saving, submit };
}
