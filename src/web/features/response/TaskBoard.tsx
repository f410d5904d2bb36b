import { Button, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtTime } from '../../lib/format';
import { rApi, type Task } from './api';
import { useFail } from '../../lib/errors';

/** "now" that ticks every second, for countdowns. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(h);
  }, []);
  return now;
}

function span(ms: number): string {
  const m = Math.floor(Math.abs(ms) / 60_000);
  const h = Math.floor(m / 60);
  return h ? `${h}h${String(m % 60).padStart(2, '0')}m` : `${m}m`;
}

/** Time left (green/orange) or overdue (red) of an open task; done time otherwise. */
export function Countdown({ task, now }: { task: Task; now: number }) {
  const { t } = useTranslation();
  if (task.status === 'done') return <Tag color="green">{t('response.statuses.done')}</Tag>;
  const left = Date.parse(task.dueAt) - now;
  if (left < 0)
    return (
      <Typography.Text type="danger" strong data-testid="overdue">
        {t('response.overdueBy', { t: span(left) })}
      </Typography.Text>
    );
  return <Tag color={left < 30 * 60_000 ? 'orange' : 'blue'}>{span(left)}</Tag>;
}

/** Ask for a note and close the task (owner or command centre). */
export function DoneButton({ task, onDone }: { task: Task; onDone: () => void }) {
  const { t } = useTranslation();
  const fail = useFail('response.errors');
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  if (task.status === 'done') return null;
  return (
    <>
      <Button size="small" type="primary" onClick={() => setOpen(true)}>
        {t('response.markDone')}
      </Button>
      <Modal
        open={open}
        title={`${t('response.markDone')} · ${task.action}`}
        okButtonProps={{ disabled: !note.trim() }}
        onCancel={() => setOpen(false)}
        onOk={() =>
          rApi
            .done(task.id, note.trim())
            .then(() => {
              setOpen(false);
              onDone();
            })
            .catch(fail)
        }
      >
        <Input.TextArea aria-label={t('response.note')} placeholder={t('response.note')} value={note} onChange={(e) => setNote(e.target.value)} rows={3} />
      </Modal>
    </>
  );
}

/** 任务看板: each task with owner, countdown (overdue in red), escalations; done button. */
export function TaskBoard({ tasks, reload }: { tasks: Task[]; reload: () => void }) {
  const { t } = useTranslation();
  const now = useNow();
  return (
    <Table<Task>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={tasks}
      locale={{ emptyText: t('response.noTasks') }}
      rowClassName={(r) => (r.overdue ? 'task-overdue' : '')}
      columns={[
        {
          title: t('response.action'),
          dataIndex: 'action',
          render: (v: string, r) => (
            <Space direction="vertical" size={0}>
              <span>{v}</span>
              {r.autoClose ? <Typography.Text type="secondary">{t('response.autoClose')}</Typography.Text> : null}
            </Space>
          ),
        },
        {
          title: t('response.owner'),
          dataIndex: 'owner',
          render: (v: string, r) => (
            <span title={r.ownerNote ?? undefined}>
              {v}
              {r.ownerNote ? ' *' : ''}
            </span>
          ),
        },
        { title: t('response.due'), dataIndex: 'dueAt', render: (v: string) => fmtTime(v) },
        { title: t('response.left'), key: 'left', render: (_: unknown, r) => <Countdown task={r} now={now} /> },
        { title: t('response.escalations'), dataIndex: 'escalations' },
        { title: '', key: 'done', render: (_: unknown, r) => <DoneButton task={r} onDone={reload} /> },
      ]}
    />
  );
}
