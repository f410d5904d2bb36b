import { App, Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { testingApi } from './api';
import { useErrorText } from '../../lib/errors';
import './undo-strings';

/**
 * A resident's phone on a work list: masked; with pii:reveal, 查看并拨打 asks why, reads the phone
 * in clear (audited on the server, staff of the person's area only) and offers it as a tel: link.
 */
export function CallPhone({ personId, name, masked, via }: { personId: string; name: string; masked: string | null; via: 'missing' | 'recheck' }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { modal, message } = App.useApp();
  const errorText = useErrorText('testingErrors');
  const [phone, setPhone] = useState<string | null | undefined>(undefined);
  if (phone !== undefined)
    return phone ? (
      <a href={`tel:${phone}`} data-testid="call-link">
        ☎ {phone}
      </a>
    ) : (
      <span>{t('testing.noPhone')}</span>
    );
  if (!masked) return <span>{t('testing.noPhone')}</span>;
  const ask = () => {
    let reason = t('testing.callReasonDefault');
    void modal.confirm({
      title: t('testing.callTitle', { name }),
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>{t('testing.callNote')}</span>
          <Input addonBefore={t('testing.undoReason')} defaultValue={reason} onChange={(e) => (reason = e.target.value)} data-testid="call-reason" />
        </Space>
      ),
      onOk: () =>
        testingApi
          .revealPhone(personId, reason, via)
          .then((r) => setPhone(r.phone))
          .catch((e: unknown) => void message.error(errorText(e))),
    });
  };
  return (
    <Space size={4} wrap>
      <span>{masked}</span>
      {can('pii:reveal') && (
        <Button size="small" type="link" onClick={ask} data-testid="call-reveal">
          {t('testing.callReveal')}
        </Button>
      )}
    </Space>
  );
}
