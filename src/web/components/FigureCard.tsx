import { Card, Statistic } from 'antd';

export function FigureCard({ title, value, suffix, danger }: { title: string; value: number; suffix?: string; danger?: boolean }) {
  return (
    <Card size="small">
      <Statistic title={title} value={value} suffix={suffix} valueStyle={danger ? { color: '#cf1322' } : undefined} />
    </Card>
  );
}
