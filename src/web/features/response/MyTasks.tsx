import { Card, List, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fmtTime } from '../../lib/format';
import { rApi, type Task } from './api';
import { useFail } from '../../lib/errors';
import { Countdown, DoneButton, useNow } from './TaskBoard';

/** 我的任务: the caller's tasks as cards, one per line (phone-friendly), soonest deadline first. */
export function MyTasks() {
  const { t } = useTranslation();
  const fail = useFail('response.errors');
  const now = useNow();
  const [items, setItems] = useState<Task[]>([]);
  const load = () =>
    void rApi
      .mine()
      .then((r) => setItems(r.items))
      .catch(fail);
  useEffect(load, []);
  return (
    <List
      dataSource={items}
      locale={{ emptyText: t('response.noTasks') }}
      renderItem={(task) => (
        <List.Item style={{ padding: '4px 0' }}>
          <Card size="small" style={{ width: '100%', borderColor: task.overdue ? '#ff4d4f' : undefined }} data-testid={`my-task-${task.key}`}>
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Text strong>{task.action}</Typography.Text>
                <Countdown task={task} now={now} />
              </Space>
              <Typography.Text type="secondary">
                {t('response.due')}: {fmtTime(task.dueAt)}
              </Typography.Text>
              {task.ownerNote ? <Typography.Text type="secondary">{task.ownerNote}</Typography.Text> : null}
              <DoneButton task={task} onDone={load} />
            </Space>
          </Card>
        </List.Item>
      )}
    />
  );
}
