import { Alert, Form, Input, Modal, Select, Switch } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, patch, post } from '../../api/client';
import { useErrorText, useFieldErrors } from '../../lib/errors';
import type { User } from '../../../contract/auth';
import { SitesSelect, type SiteRef } from './SitesSelect';
import { grantRefused } from './grant-refused';
import { roles } from '../../../contract/access';

/** The roles, from the contract the server checks against. */
export const ROLES: readonly string[] = roles;

interface Values {
  username: string;
  displayName: string;
  role: string;
  scope: string[];
  sites: SiteRef[];
  password?: string;
  disabled?: boolean;
}

/** A grant names at least one area or one work site (a lab's staff may have only their lab). */
export const scopeOrSites =
  (message: string) =>
  ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_: unknown, scope: string[] | undefined) =>
      (scope?.length ?? 0) > 0 || ((getFieldValue('sites') as unknown[] | undefined)?.length ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(message)),
  });

/** Create a user, or edit one (role, scope, disable, reset password). */
export function UserForm({ user, onClose, onSaved }: { user: User | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorText = useErrorText();
  const fieldErrors = useFieldErrors();

  const save = async () => {
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      if (user)
        await patch(`/users/${user.id}`, {
          displayName: v.displayName,
          role: v.role,
          scope: v.scope,
          sites: v.sites ?? [],
          disabled: v.disabled,
          ...(v.password ? { password: v.password } : {}),
        });
      else await post('/users', { username: v.username, displayName: v.displayName, role: v.role, scope: v.scope, sites: v.sites ?? [], password: v.password });
      onSaved();
    } catch (e) {
      const fields = fieldErrors(e);
      if (fields.length) form.setFields(fields.map((f) => ({ ...f, name: f.name as keyof Values })));
      else if (e instanceof ApiError && e.code === 'FORBIDDEN' && typeof e.details.field === 'string' && e.details.field !== 'id')
        // A grant beyond the administrator's own (role, scope or sites): show it at that field.
        form.setFields([{ name: e.details.field as keyof Values, errors: [grantRefused(e, t) ?? errorText(e)] }]);
      else setError(grantRefused(e, t) ?? errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={user ? `${t('common.edit')} ${user.username}` : t('common.create')}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
    >
      <Form form={form} layout="vertical" initialValues={user ? { ...user, sites: user.sites ?? [] } : { role: 'grid_worker', scope: [], sites: [] }}>
        <Form.Item name="username" label={t('users.username')} rules={[{ required: true, pattern: /^[a-zA-Z0-9_.-]{3,40}$/ }]}>
          <Input disabled={!!user} />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true }]}>
          <Input />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]} extra={t('users.grantHelp')}>
          <Select options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        </Form.Item>
        <Form.Item name="scope" label={t('users.scope')} extra={t('users.scopeHelp')} dependencies={['sites']} rules={[scopeOrSites(t('users.scopeOrSites'))]}>
          <Select mode="tags" tokenSeparators={[',', ' ']} />
        </Form.Item>
        <Form.Item name="sites" label={t('users.sites')} extra={t('users.sitesHelp')}>
          <SitesSelect />
        </Form.Item>
        <Form.Item
          name="password"
          label={user ? t('users.resetPassword') : t('users.password')}
          extra={t('users.passwordHelp')}
          rules={user ? [] : [{ required: true, min: 10 }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {user && (
          <Form.Item name="disabled" label={t('users.disabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" message={error} />}
    </Modal>
  );
}
