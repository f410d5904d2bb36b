import { Card, InputNumber, Space, Table, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rApi, type Monthly } from './api';
import { useFail } from '../../lib/errors';
import './map-strings';

/** A share as a coloured percentage: green at ≥ 90 %, orange at ≥ 60 %, red below (targets are meant to be met). */
function Share({ share, met, measured }: { share: number | null; met: number; measured: number }) {
  const { t } = useTranslation();
  if (share == null) return <span>-</span>;
  const color = share >= 0.9 ? 'green' : share >= 0.6 ? 'orange' : 'red';
  return (
    <span title={`${met} / ${measured} ${t('monthly.measured')}`}>
      <Tag color={color}>{(share * 100).toFixed(0)}%</Tag>
      <small>
        {met}/{measured}
      </small>
    </span>
  );
}

/** 时效统计: per local month, the share of incidents meeting each mark (2/4/5/24 h, first action, 7-1-7). */
export function MonthlyTimeliness() {
  const { t } = useTranslation();
  const fail = useFail('response.errors');
  const [months, setMonths] = useState(12);
  const [rows, setRows] = useState<Monthly[]>([]);
  useEffect(() => {
    rApi
      .monthly(months)
      .then((r) => setRows(r.items))
      .catch(fail);
  }, [months]);
  // one column per mark, in the order the marks first appear
  const marks = useMemo(() => [...new Set(rows.flatMap((r) => r.marks.map((m) => m.name)))], [rows]);
  return (
    <Card size="small" title={t('monthly.title')}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space>
          {t('monthly.months')}
          <InputNumber aria-label={t('monthly.months')} min={1} max={36} value={months} onChange={(v) => v && setMonths(v)} />
        </Space>
        <div data-testid="monthly-timeliness">
          <Table<Monthly>
            rowKey="month"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={rows}
            columns={[
              { title: t('monthly.month'), dataIndex: 'month', fixed: 'left' },
              { title: t('monthly.incidents'), dataIndex: 'incidents' },
              ...marks.map((name) => ({
                title: name,
                key: name,
                render: (_: unknown, r: Monthly) => {
                  const m = r.marks.find((x) => x.name === name);
                  return m ? <Share share={m.share} met={m.met} measured={m.measured} /> : '-';
                },
              })),
            ]}
          />
        </div>
      </Space>
    </Card>
  );
}
