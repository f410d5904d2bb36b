import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UsersImportResult } from '../../../contract/owners';
import { FileUpload } from '../../components/FileUpload';
import { fmtAt } from '../../lib/format';

/** Hand the passwords CSV to the browser as a file; the text lives only in this page's memory. */
function download(csv: string) {
  const url = URL.createObjectURL(new Blob(['\ufeff', csv], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `initial-passwords-${fmtAt(undefined, 'YYYYMMDD-HHmm')}.csv`;
  a.click();
  URL.revokeObjectURL(url);
}

/**
 * 批量导入用户: upload a users file; the answer's one-time passwords can be downloaded until the
 * dialog closes, after which they are gone (the server never kept them).
 */
export function UsersImport({ onClose }: { onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<UsersImportResult | null>(null);
  const created = result ? result.passwordsCsv.trim().split('\n').length - 1 : 0;
  const close = () => {
    if (created > 0 && !window.confirm(t('usersImport.closeConfirm'))) return;
    onClose(!!result && result.accepted + result.updated > 0);
  };
  return (
    <Modal open title={t('usersImport.title')} onCancel={close} footer={<Button onClick={close}>{t('usersImport.close')}</Button>} width={760}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert
          type="info"
          message={t('usersImport.help')}
          description={<Typography.Text code>username,display_name,role,scope,phone[,sites]</Typography.Text>}
        />
        <FileUpload<UsersImportResult> url="/users/import" errorsOf={(r) => r.errors} onDone={setResult} />
        {result && (
          <Alert
            data-testid="users-import-result"
            type={result.rejected ? 'warning' : 'success'}
            message={t('usersImport.result', { accepted: result.accepted, updated: result.updated, unchanged: result.unchanged, rejected: result.rejected })}
          />
        )}
        {result && created > 0 && (
          <Alert
            type="warning"
            showIcon
            message={t('usersImport.passwordsOnce', { n: created })}
            action={
              <Button type="primary" icon={<DownloadOutlined />} onClick={() => download(result.passwordsCsv)}>
                {t('usersImport.download')}
              </Button>
            }
          />
        )}
      </Space>
    </Modal>
  );
}
