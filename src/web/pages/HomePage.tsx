import { Col, Empty, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api/client';
import type { Overview } from '../../contract/overview';
import { FigureCard } from '../components/FigureCard';
import { fmtAt } from '../lib/format';

/** 指挥总览: live figures from every capability, refreshed every 30 s. */
export default function HomePage() {
  const { t, i18n } = useTranslation();
  const [data, setData] = useState<Overview | null>(null);

  useEffect(() => {
    let alive = true;
    const load = () =>
      void get<Overview>('/overview')
        .then((d) => alive && setData(d))
        .catch(() => undefined);
    load();
    const timer = setInterval(load, 30_000);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, []);

  return (
    <div>
      <Typography.Title level={3}>{t('home.title')}</Typography.Title>
      {data && <Typography.Paragraph type="secondary">{t('home.updated', { at: fmtAt(data.generatedAt, 'YYYY-MM-DD HH:mm:ss') })}</Typography.Paragraph>}
      {data && data.figures.length === 0 && <Empty description={t('home.empty')} />}
      <Row gutter={[16, 16]} data-testid="figures">
        {data?.figures.map((f) => (
          <Col key={f.key} xs={12} sm={8} lg={6} xl={4}>
            <FigureCard title={i18n.exists(`figures.${f.key}`) ? t(`figures.${f.key}`) : f.key} value={f.value} />
          </Col>
        ))}
      </Row>
    </div>
  );
}
