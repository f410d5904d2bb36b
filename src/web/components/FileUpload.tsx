import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Table } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useErrorText } from '../lib/errors';

export interface RowError {
  row: number;
  column: string;
  reason: string;
}

interface Props<R> {
  /** POST endpoint under /api/v1 taking multipart field `file`. */
  url: string;
  accept?: string;
  /** Pull the per-row errors out of the response to show them. */
  errorsOf?: (result: R) => RowError[];
  onDone?: (result: R) => void;
}

/** Upload a CSV/XLSX with progress; shows the server's per-row error report. */
export function FileUpload<R>({ url, accept = '.csv,.xlsx', errorsOf, onDone }: Props<R>) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const input = useRef<HTMLInputElement>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [errors, setErrors] = useState<RowError[]>([]);
  const [failure, setFailure] = useState<string | null>(null);

  const send = (file: File) => {
    const form = new FormData();
    form.append('file', file);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${url}`);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => e.lengthComputable && setPercent(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      setPercent(null);
      const body = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : null;
      if (xhr.status >= 400) {
        const e = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null)?.error;
        setFailure(errorText(new ApiError(xhr.status, e?.code ?? `HTTP_${xhr.status}`, e?.message ?? '', e?.details ?? {})));
        return;
      }
      setErrors(errorsOf ? errorsOf(body as R) : []);
      onDone?.(body as R);
    };
    xhr.onerror = () => {
      setPercent(null);
      setFailure(errorText(new TypeError('network')));
    };
    setFailure(null);
    setErrors([]);
    setPercent(0);
    xhr.send(form);
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <input
        ref={input}
        type="file"
        accept={accept}
        style={{ display: 'none' }}
        data-testid="file-input"
        onChange={(e) => e.target.files?.[0] && send(e.target.files[0])}
      />
      <Button icon={<UploadOutlined />} onClick={() => input.current?.click()} loading={percent !== null}>
        {percent !== null ? `${t('common.uploading')} ${percent}%` : t('common.upload')}
      </Button>
      {percent !== null && <Progress percent={percent} size="small" />}
      {failure && <Alert type="error" showIcon message={failure} />}
      {errors.length > 0 && (
        <Table<RowError>
          size="small"
          title={() => `${t('common.errors')} (${errors.length})`}
          rowKey={(r) => `${r.row}:${r.column}`}
          dataSource={errors}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('common.row'), dataIndex: 'row', width: 80 },
            { title: t('common.column'), dataIndex: 'column', width: 140 },
            { title: t('common.reason'), dataIndex: 'reason' },
          ]}
        />
      )}
    </Space>
  );
}
