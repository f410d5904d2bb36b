import { Alert, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OwnerImportResult } from '../../../contract/owners';
import { registerStrings } from '../../app/i18n';
import { FileUpload } from '../../components/FileUpload';

registerStrings(
  {
    areas: {
      ownersImport: {
        title: '批量导入责任人',
        help: '上传 CSV 或 XLSX，列为：区域编码、职责（locality 属地 / department 部门 / unit 单位 / grid_worker 网格员）、姓名、职务、手机号。合格的行导入，不合格的行逐行列出原因；同一区域、职责、姓名的责任人再次导入时保持不变或更新职务、手机号。',
        result: '新增 {{accepted}}，更新 {{updated}}，未变 {{unchanged}}，拒绝 {{rejected}}',
      },
      gapsDuty: '缺少的职责',
      anyDuty: '任何责任人',
    },
  },
  {
    areas: {
      ownersImport: {
        title: 'Import responsibles',
        help: 'Upload CSV or XLSX with columns area_code, duty (locality / department / unit / grid_worker), name, title, phone. Good rows are imported, bad rows listed with their reasons; an owner with the same area, duty and name stays unchanged or gets the new title and phone.',
        result: 'added {{accepted}}, updated {{updated}}, unchanged {{unchanged}}, rejected {{rejected}}',
      },
      gapsDuty: 'Missing duty',
      anyDuty: 'Anybody',
    },
  },
);

/** 批量导入责任人 beside the gaps list: the list reloads as owners arrive. */
export function ResponsiblesImport({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<OwnerImportResult | null>(null);
  return (
    <Space direction="vertical" style={{ width: '100%', marginBottom: 16 }}>
      <Typography.Text strong>{t('areas.ownersImport.title')}</Typography.Text>
      <Alert type="info" message={t('areas.ownersImport.help')} description={<Typography.Text code>area_code,duty,name,title,phone</Typography.Text>} />
      <FileUpload<OwnerImportResult>
        url="/areas/responsibles/import"
        errorsOf={(r) => r.errors}
        onDone={(r) => {
          setResult(r);
          onImported();
        }}
      />
      {result && (
        <Alert
          data-testid="owners-import-result"
          type={result.rejected ? 'warning' : 'success'}
          message={t('areas.ownersImport.result', {
            accepted: result.accepted,
            updated: result.updated,
            unchanged: result.unchanged,
            rejected: result.rejected,
          })}
        />
      )}
    </Space>
  );
}
