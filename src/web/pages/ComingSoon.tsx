import { Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** Placeholder for capabilities a later release fills; says plainly what it will do. */
export function ComingSoon({ feature }: { feature: string }) {
  const { t } = useTranslation();
  return <Result status="info" title={t('comingSoon.title')} subTitle={t(`comingSoon.${feature}`)} />;
}
