import { App, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../lib/errors';
import './undo-strings';

/**
 * Ask before taking a decision back: a confirmation with a reason (kept in the audit entry); the
 * answer, done or why not in the user's language, as a message.
 */
export function useReasonConfirm(): (o: { title: string; note: string; okText: string; run: (reason: string) => Promise<unknown>; done: string }) => void {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const errorText = useErrorText('testingErrors');
  return ({ title, note, okText, run, done }) => {
    let reason = '';
    void modal.confirm({
      title,
      okText,
      okButtonProps: { danger: true, 'data-testid': 'reason-ok' },
      content: (
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>{note}</span>
          <Input addonBefore={t('testing.undoReason')} onChange={(e) => (reason = e.target.value)} data-testid="reason-input" />
        </Space>
      ),
      onOk: async () => {
        if (reason.trim().length < 2) {
          void message.error(t('testingErrors.fields.reason'));
          throw new Error('reason'); // keeps the dialog open for the reason
        }
        try {
          await run(reason.trim());
          void message.success(done);
        } catch (e) {
          void message.error(errorText(e));
        }
      },
    });
  };
}
