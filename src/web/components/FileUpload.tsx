import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Progress, Space, Table } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { ImportRowProblem } from '../../contract/errors';
import { useErrorText, useFileLang, useRowReason } from '../lib/errors';

/** A refused row as every import answers it (row, column, English reason, reason code and figures). */
export type RowError = ImportRowProblem;

/** The row report as a file from the server (`/imports/report.csv`), Chinese headers and reasons for `lang=zh`. */
async function downloadReport(errors: RowError[], lang: 'zh' | 'en'): Promise<void> {
  const res = await fetch(`/api/v1/imports/report.csv?lang=${lang}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ errors }),
  });
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, res.statusText);
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: lang === 'zh' ? '导入错误报告.csv' : 'import-errors.csv' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
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
  const words = useRowReason();
  const lang = useFileLang();
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
          title={() => (
            <Space>
              {`${t('common.errors')} (${errors.length})`}
              <Button
                size="small"
                icon={<DownloadOutlined />}
                data-testid="import-report"
                onClick={() => void downloadReport(errors, lang).catch((e: unknown) => setFailure(errorText(e)))}
              >
                {t('common.downloadReport')}
              </Button>
            </Space>
          )}
          rowKey={(r) => `${r.row}:${r.column}`}
          dataSource={errors}
          pagination={{ pageSize: 20 }}
          columns={[
            { title: t('common.row'), dataIndex: 'row', width: 80 },
            { title: t('common.column'), dataIndex: 'column', width: 140, render: (c: string) => (words.column(c) === c ? c : `${words.column(c)} · ${c}`) },
            { title: t('common.reason'), key: 'reason', render: (_: unknown, r: RowError) => words.reason(r) },
          ]}
        />
      )}
    </Space>
  );
}
