import { Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

function fmt(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

/** Live timer to a deadline (24-hour clock, task deadlines): orange in the last hour, red when overdue. */
export function Countdown({ deadline, done }: { deadline: string; done?: boolean }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (done) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [done]);
  const left = new Date(deadline).getTime() - now;
  if (done) return <Tag color="green">✓</Tag>;
  if (left < 0)
    return (
      <Tag color="red">
        {t('common.overdue')} {fmt(left)}
      </Tag>
    );
  return (
    <Tag color={left < 3_600_000 ? 'orange' : 'blue'}>
      {fmt(left)} {t('common.remaining')}
    </Tag>
  );
}
