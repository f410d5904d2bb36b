import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../api/client';
import { AreaPicker } from '../../components/AreaPicker';
import { personTags, type Person, type PersonCreate, type PersonPatch } from '../../../contract/people';
import { useErrorText } from '../../lib/errors';
import './form-strings';

interface Values {
  docType: 'resident_id' | 'passport' | 'other';
  idNumber: string;
  name: string;
  phone?: string;
  areaCode?: string;
  address?: string;
  householdCode?: string;
  tags: string[];
}

/** The server names fields as its CSV columns do (id_number); the form's are camelCase. */
const formField: Record<string, keyof Values> = {
  id_number: 'idNumber',
  name: 'name',
  phone: 'phone',
  area_code: 'areaCode',
  areaCode: 'areaCode',
  address: 'address',
  tags: 'tags',
  sex: 'idNumber',
  birth_date: 'idNumber',
};

/**
 * 登记 / 修改: a grid worker registers a newcomer (sex and birth date come from the ID number) or
 * corrects a resident's phone, address, household and tags. The area is picked from the tree; a
 * move to another area stays the audited move with a reason. Errors are shown on their field.
 */
export function PersonForm({ person, onClose, onSaved }: { person?: Person; onClose: () => void; onSaved: (p: Person) => void }) {
  const { t } = useTranslation();
  // The form's own words first (personForm.errors.<CODE>), then the shared words: never a bare code.
  const errorText = useErrorText('personForm.errors');
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const editing = !!person;

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const saved = editing
        ? await api<{ person: Person }>('PATCH', `/people/${person.id}`, {
            name: v.name,
            // The phone is shown masked: left empty it stays as it is; typed, it replaces it.
            ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
            address: v.address?.trim() || null,
            householdCode: v.householdCode?.trim() || null,
            tags: v.tags,
          } satisfies PersonPatch)
        : await api<{ person: Person }>('POST', '/people', {
            docType: v.docType,
            idNumber: v.idNumber.trim(),
            name: v.name.trim(),
            phone: v.phone?.trim() || undefined,
            areaCode: v.areaCode ?? '',
            address: v.address?.trim() || undefined,
            householdCode: v.householdCode?.trim() || undefined,
            tags: v.tags,
          } satisfies PersonCreate);
      onSaved(saved.person);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const showError = (e: unknown) => {
    if (!(e instanceof ApiError)) return setError(t('personForm.errors.unknown'));
    const fields = e.code === 'VALIDATION_FAILED' ? Object.keys(e.fields) : typeof e.details.field === 'string' ? [e.details.field] : [];
    const known = fields.filter((f) => formField[f]);
    if (e.code === 'VALIDATION_FAILED' && known.length) {
      form.setFields(
        known.map((f) => ({ name: formField[f]!, errors: [t(`personForm.errors.fields.${f}`, { defaultValue: t('personForm.errors.invalid') })] })),
      );
      return;
    }
    setError(errorText(e));
  };

  return (
    <Modal
      open
      title={editing ? t('personForm.editTitle', { name: person.name }) : t('personForm.createTitle')}
      okText={editing ? t('personForm.save') : t('personForm.register')}
      cancelText={t('personForm.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'person-form-ok' }}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={
          person
            ? {
                name: person.name,
                phone: undefined,
                address: person.address ?? '',
                householdCode: person.householdCode ?? '',
                tags: person.tags,
                docType: 'resident_id',
                idNumber: '',
              }
            : { docType: 'resident_id', tags: [] }
        }
        data-testid="person-form"
      >
        {!editing && (
          <>
            <Form.Item name="docType" label={t('personForm.docType')}>
              <Select options={(['resident_id', 'passport', 'other'] as const).map((d) => ({ value: d, label: t(`personForm.docTypes.${d}`) }))} />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label={t('personForm.idNumber')}
              rules={[{ required: true, message: t('personForm.required') }]}
              extra={t('personForm.idHelp')}
            >
              <Input autoComplete="off" inputMode="text" maxLength={20} data-testid="person-form-id" />
            </Form.Item>
          </>
        )}
        <Form.Item name="name" label={t('personForm.name')} rules={[{ required: true, message: t('personForm.required') }]}>
          <Input maxLength={50} data-testid="person-form-name" />
        </Form.Item>
        <Form.Item name="phone" label={t('personForm.phone')} extra={editing ? t('personForm.phoneKeep', { masked: person.phoneMasked ?? '—' }) : undefined}>
          <Input inputMode="tel" maxLength={11} data-testid="person-form-phone" />
        </Form.Item>
        {!editing && (
          <Form.Item
            name="areaCode"
            label={t('personForm.area')}
            rules={[{ required: true, message: t('personForm.required') }]}
            extra={t('personForm.areaHelp')}
          >
            <AreaPicker placeholder={t('personForm.areaPlaceholder')} testId="person-form-area" />
          </Form.Item>
        )}
        <Form.Item name="address" label={t('personForm.address')}>
          <Input maxLength={200} data-testid="person-form-address" />
        </Form.Item>
        <Form.Item name="householdCode" label={t('personForm.household')} extra={t('personForm.householdHelp')}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item name="tags" label={t('personForm.tags')}>
          <Select mode="multiple" options={personTags.map((tag) => ({ value: tag, label: t(`people.tagNames.${tag}`) }))} />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={error} data-testid="person-form-error" />}
    </Modal>
  );
}
