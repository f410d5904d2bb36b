import { PrinterOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { registerStrings } from '../app/i18n';

registerStrings(
  {
    print: { pdf: '打印/下载PDF', transferSheet: '转运单', boxManifest: '箱单', notice: '告知书', release: '解除证明', missingList: '打印名单' },
  },
  {
    print: { pdf: 'Print / PDF', transferSheet: 'Run sheet', boxManifest: 'Manifest', notice: 'Notice', release: 'Release cert.', missingList: 'Print list' },
  },
);

type Label = 'pdf' | 'transferSheet' | 'boxManifest' | 'notice' | 'release' | 'missingList';

/**
 * 打印: opens a printed document (a PDF from /api/v1/documents, src/contract/documents.ts) in a new
 * tab, where the browser prints or saves it. The server reads it through the user's scope and audits it.
 */
export function PrintButton({ href, label = 'pdf', testId, small = true }: { href: string; label?: Label; testId?: string; small?: boolean }) {
  const { t } = useTranslation();
  return (
    <Button size={small ? 'small' : 'middle'} icon={<PrinterOutlined />} href={href} target="_blank" rel="noopener" data-testid={testId}>
      {t(`print.${label}`)}
    </Button>
  );
}
