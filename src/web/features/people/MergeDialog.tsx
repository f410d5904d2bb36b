import { Alert, Input, Modal, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PeoplePage, Person } from '../../../contract/people';
import { get, post, qs } from '../../api/client';
import { useErrorText } from '../../lib/errors';
import { registerStrings } from '../../app/i18n';

registerStrings(
  {
    people: {
      merge: {
        button: '合并重复',
        title: '把重复登记并入此人',
        help: '搜索同一人的另一条登记（如用护照、港澳通行证登记的），选中后填写原因。被并入的登记删除，其标签、手机号、户编码和管控记录归入此人；操作留痕审计。',
        search: '姓名或证件号后四位',
        reason: '合并原因（如：同一人两种证件重复登记）',
        done: '已合并',
        failed: '未合并：{{message}}',
      },
    },
  },
  {
    people: {
      merge: {
        button: 'Merge duplicate',
        title: 'Merge a duplicate record into this person',
        help: "Find this person's other record (registered with a passport or permit, say), pick it and give a reason. That record is removed; its tags, phone, household code and control history move here. Audited.",
        search: 'Name or last 4 of the ID number',
        reason: 'Reason (e.g. one person registered under two documents)',
        done: 'Merged',
        failed: 'Not merged: {{message}}',
      },
    },
  },
);

/**
 * 合并重复 on a person's page: pick the duplicate by a search (masked, in the caller's scope) — no
 * ID number typed in full — and merge it into this person (`POST /people/merge`, people:merge).
 */
export function MergeDialog({ keep, onClose, onMerged }: { keep: Person; onClose: () => void; onMerged: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [q, setQ] = useState(keep.name);
  const [found, setFound] = useState<Person[]>([]);
  const [picked, setPicked] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const search = (text: string) => void get<PeoplePage>(`/people${qs({ q: text, limit: 20 })}`).then((r) => setFound(r.items.filter((p) => p.id !== keep.id)));
  const merge = async () => {
    try {
      await post('/people/merge', { keepId: keep.id, mergeId: picked, reason });
      onMerged();
    } catch (e) {
      setError(t('people.merge.failed', { message: errorText(e) }));
    }
  };
  return (
    <Modal
      open
      title={t('people.merge.title')}
      width={640}
      onCancel={onClose}
      onOk={() => void merge()}
      okButtonProps={{ disabled: !picked || reason.trim().length < 2 }}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" message={t('people.merge.help')} />
        <Input.Search defaultValue={q} placeholder={t('people.merge.search')} onSearch={(v) => (setQ(v), search(v))} enterButton data-testid="merge-search" />
        <Table<Person>
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={found}
          rowSelection={{ type: 'radio', selectedRowKeys: picked ? [picked] : [], onChange: (keys) => setPicked(String(keys[0] ?? '')) }}
          columns={[
            { title: t('people.name'), dataIndex: 'name' },
            { title: t('people.idNumber'), dataIndex: 'idNumberMasked' },
            { title: t('people.area'), dataIndex: 'areaCode' },
          ]}
        />
        <Input placeholder={t('people.merge.reason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
        {error && <Alert type="error" message={error} />}
      </Space>
    </Modal>
  );
}
