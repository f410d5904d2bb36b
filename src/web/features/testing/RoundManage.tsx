import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Select, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exemptionReasons } from '../../../contract/testing';
import { fmtTime } from '../../lib/format';
import { testingApi, type Exemption, type Repeat, type Round } from './api';
import { useReasonConfirm } from './ReasonConfirm';
import { useErrorText } from '../../lib/errors';
import './ops-strings';

/** 进行中 / 已结束 as a tag. */
export function RoundStatusTag({ round }: { round: Round }) {
  const { t } = useTranslation();
  return (
    <Tag color={round.status === 'open' ? 'green' : 'default'} data-testid="round-status">
      {t(`testing.roundStatus.${round.status}`)}
    </Tag>
  );
}

/**
 * 结束轮次: asks first, then shows what the server answered — done, or why not in the user's
 * language (a street cannot close a round reaching beyond it: the server answers 404).
 */
export function CloseRound({ round, onClosed }: { round: Round; onClosed: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText('testingErrors');
  const [answer, setAnswer] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => setAnswer(null), [round.id]);
  // Reopened: the earlier 已结束 answer no longer holds. A close keeps its answer as the status turns.
  useEffect(() => {
    if (round.status === 'open') setAnswer((a) => (a?.ok ? null : a));
  }, [round.status]);
  const close = () =>
    testingApi
      .closeRound(round.id)
      .then(() => {
        setAnswer({ ok: true, text: t('testing.closed', { name: round.name }) });
        onClosed();
      })
      .catch((e: unknown) => setAnswer({ ok: false, text: errorText(e) }));
  return (
    <>
      {round.status === 'open' && (
        <Popconfirm title={t('testing.closeConfirm', { name: round.name })} onConfirm={close} okButtonProps={{ danger: true }}>
          <Button danger data-testid="round-close">
            {t('testing.close')}
          </Button>
        </Popconfirm>
      )}
      {answer && <Alert type={answer.ok ? 'success' : 'error'} showIcon message={answer.text} data-testid="round-close-answer" />}
    </>
  );
}

/** 重新开启: a closed round, within the server's window (24 h) and while no later round covers it. */
export function ReopenRound({ round, onReopened }: { round: Round; onReopened: () => void }) {
  const { t } = useTranslation();
  const confirm = useReasonConfirm();
  if (round.status !== 'closed') return null;
  const open = () =>
    confirm({
      title: t('testing.reopenTitle', { name: round.name }),
      note: t('testing.reopenNote'),
      okText: t('testing.reopen'),
      done: t('testing.reopened', { name: round.name }),
      run: (reason) => testingApi.reopenRound(round.id, reason).then(onReopened),
    });
  return (
    <Button onClick={open} data-testid="round-reopen">
      {t('testing.reopen')}
    </Button>
  );
}

export interface ExemptPick {
  personId: string;
  label: string;
}

/**
 * 免采 for the people picked on the missing list: one reason (and note) for all, recorded one by
 * one as the API takes them; those refused are listed with the reason in the user's language.
 */
export function ExemptDialog({ round, people, onDone }: { round: Round; people: ExemptPick[]; onDone: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText('testingErrors');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ done: number; failed: string[] } | null>(null);
  const submit = async (v: { reason: Exemption['reason']; note?: string }) => {
    setBusy(true);
    const failed: string[] = [];
    let done = 0;
    for (const p of people) {
      try {
        await testingApi.exempt(round.id, { personId: p.personId, reason: v.reason, note: v.note?.trim() || undefined });
        done++;
      } catch (e) {
        failed.push(t('testing.exemptFailed', { name: p.label, reason: errorText(e) }));
      }
    }
    setBusy(false);
    setOpen(false);
    setOutcome({ done, failed });
    onDone();
  };
  return (
    <>
      <Button disabled={people.length === 0} onClick={() => setOpen(true)} data-testid="exempt-open">
        {t('testing.exempt')}
        {people.length ? ` (${people.length})` : ''}
      </Button>
      {outcome && (
        <Alert
          type={outcome.failed.length ? 'warning' : 'success'}
          showIcon
          data-testid="exempt-answer"
          message={t('testing.exempted', { count: outcome.done })}
          description={outcome.failed.length ? outcome.failed.join('\n') : undefined}
          style={{ whiteSpace: 'pre-line' }}
        />
      )}
      <Modal open={open} title={t('testing.exemptTitle', { count: people.length })} onCancel={() => setOpen(false)} footer={null} destroyOnClose>
        <Form layout="vertical" onFinish={(v: { reason: Exemption['reason']; note?: string }) => void submit(v)}>
          <Form.Item name="reason" label={t('testing.exemptReason')} rules={[{ required: true, message: t('testingErrors.fields.reason') }]}>
            <Select data-testid="exempt-reason" options={exemptionReasons.map((r) => ({ value: r, label: t(`testing.exemptReasons.${r}`) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('testing.exemptNote')} rules={[{ max: 200, message: t('testingErrors.fields.note') }]}>
            <Input data-testid="exempt-note" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="exempt-submit">
            {t('testing.exempt')}
          </Button>
        </Form>
      </Modal>
    </>
  );
}

/** The round's 免采 records of the user's residents (masked), newest first; 撤销免采 while it is open. */
export function ExemptionsCard({ round, reloadKey, onUndone }: { round: Round; reloadKey: number; onUndone?: () => void }) {
  const { t } = useTranslation();
  const confirm = useReasonConfirm();
  const [items, setItems] = useState<Exemption[]>([]);
  const undo = (r: Exemption) =>
    confirm({
      title: t('testing.undoExemptTitle', { name: r.name }),
      note: t('testing.undoExemptNote'),
      okText: t('testing.undoExempt'),
      done: t('testing.undone', { name: r.name }),
      run: (reason) => testingApi.undoExemption(round.id, r.personId, reason).then(onUndone),
    });
  useEffect(() => void testingApi.exemptions(round.id).then((r) => setItems(r.items)), [round.id, reloadKey]);
  return (
    <Card size="small" title={`${t('testing.exemptions')} (${items.length})`}>
      <Table<Exemption>
        size="small"
        rowKey="personId"
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        data-testid="exemptions"
        columns={[
          { title: t('testing.person'), dataIndex: 'name', render: (n: string, r) => `${n} ${r.idNumberMasked}` },
          { title: t('testing.exemptReason'), dataIndex: 'reason', render: (r: string) => t(`testing.exemptReasons.${r}`) },
          { title: t('testing.exemptNote'), dataIndex: 'note' },
          { title: t('testing.recordedBy'), dataIndex: 'recordedBy' },
          { title: t('testing.exemptedAt'), dataIndex: 'at', render: (at: string) => fmtTime(at) },
          ...(onUndone && round.status === 'open'
            ? [
                {
                  title: '',
                  key: 'undo',
                  render: (_: unknown, r: Exemption) => (
                    <Button size="small" danger onClick={() => undo(r)} data-testid="exemption-undo">
                      {t('testing.undoExempt')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

/** People sampled more than once in the round (the API's newest 500 of the user's residents). */
export function RepeatsCard({ round }: { round: Round }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Repeat[]>([]);
  useEffect(() => void testingApi.repeats(round.id).then((r) => setItems(r.items)), [round.id]);
  return (
    <Card size="small" title={`${t('testing.repeats')} (${items.length})`}>
      <Table<Repeat>
        size="small"
        rowKey="id"
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        data-testid="repeats"
        columns={[
          { title: t('testing.person'), dataIndex: 'name', render: (n: string, r) => `${n} ${r.idNumberMasked}` },
          { title: t('testing.repeatSamples'), dataIndex: 'samples' },
          { title: t('testing.firstAt'), dataIndex: 'firstAt', render: (at: string) => fmtTime(at) },
        ]}
      />
    </Card>
  );
}
