import { Button, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import './strings';

/** A sentinel owner's phone in clear, after a reason (audited on the server). */
export function RevealPhone({ id }: { id: string }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState<string | null>(null);
  if (phone) return <span>{phone}</span>;
  const ask = () => {
    let reason = '';
    Modal.confirm({
      title: t('surv.revealReason'),
      content: <Input onChange={(e) => (reason = e.target.value)} />,
      onOk: async () => setPhone((await post<{ phone: string | null }>(`/surveillance/sentinels/${id}/reveal`, { reason })).phone ?? '—'),
    });
  };
  return (
    <Button size="small" type="link" onClick={ask}>
      {t('surv.reveal')}
    </Button>
  );
}
