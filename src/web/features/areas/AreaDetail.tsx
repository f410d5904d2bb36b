import { Button, Card, Descriptions, Form, Input, List, Modal, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { del, post } from '../../api/client';
import { useFail, useFieldErrors } from '../../lib/errors';
import { useAuth } from '../../app/auth';
import { GridMap } from '../../components/GridMap';
import { areaApi, type AreaDetail as Area, type GridLayer } from './api';
import { GridReshape } from './GridReshape';

/** One area: counts, the people answerable for it, and its grids on the map. */
export function AreaDetail({
  code,
  version,
  onChanged,
  onTreeChanged,
}: {
  code: string;
  /** Bumped when the tree was fetched afresh (a load, an import, a grid reshaped): the detail reloads too. */
  version: number;
  onChanged: () => void;
  onTreeChanged: () => void;
}) {
  const { t } = useTranslation();
  const fail = useFail();
  const fieldErrors = useFieldErrors();
  const { can } = useAuth();
  const [area, setArea] = useState<Area | null>(null);
  const [grids, setGrids] = useState<GridLayer | null>(null);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const load = () => {
    void areaApi.detail(code).then(setArea);
    void areaApi.grids(code).then(setGrids);
  };
  useEffect(load, [code, version]);
  if (!area) return null;
  const maxPop = Math.max(1, ...(grids?.features.map((f) => f.properties.population) ?? [1]));

  const add = async () => {
    const v = (await form.validateFields()) as Record<string, string>;
    try {
      await post(`/areas/${code}/responsibles`, v);
      setAdding(false);
      form.resetFields();
      load();
      onChanged();
    } catch (e) {
      const fields = fieldErrors(e);
      if (fields.length) form.setFields(fields);
      else fail(e);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={`${area.name} (${area.code})`}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('areas.level')}>{t(`areas.levels.${area.level}`)}</Descriptions.Item>
          <Descriptions.Item label={t('areas.population')}>{area.population.toLocaleString()}</Descriptions.Item>
          <Descriptions.Item label={t('areas.households')}>{area.households.toLocaleString()}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card
        size="small"
        title={t('areas.responsibles')}
        extra={
          can('areas:write') && (
            <Button size="small" onClick={() => setAdding(true)}>
              {t('areas.addResponsible')}
            </Button>
          )
        }
      >
        <List
          size="small"
          dataSource={area.responsibles}
          locale={{ emptyText: <Tag color="red">{t('areas.none')}</Tag> }}
          renderItem={(r) => (
            <List.Item
              actions={
                can('areas:write')
                  ? [
                      <Button
                        key="rm"
                        size="small"
                        type="link"
                        danger
                        onClick={() => {
                          const reason = window.prompt(t('areas.removeReason'));
                          if (reason) void del(`/areas/responsibles/${r.id}?reason=${encodeURIComponent(reason)}`).then(load);
                        }}
                      >
                        {t('areas.remove')}
                      </Button>,
                    ]
                  : []
              }
            >
              <Tag color="blue">{t(`areas.duties.${r.duty}`)}</Tag> {r.name} {r.title && <span style={{ color: '#888' }}>{r.title}</span>} {r.phoneMasked}
            </List.Item>
          )}
        />
      </Card>
      {grids && grids.features.length > 0 && (
        <Card size="small" title={t('areas.map')}>
          <GridMap
            data={grids}
            valueProperty="population"
            range={[0, maxPop]}
            colors={['#fee8c8', '#b30000']}
            height={360}
            legend={{ title: t('gridmap.population'), format: (n) => t('gridmap.people', { n: Math.round(n) }) }}
          />
        </Card>
      )}
      {area.level === 'grid' && can('areas:write') && <GridReshape grid={area} onChanged={onTreeChanged} />}
      <Modal open={adding} title={t('areas.addResponsible')} onCancel={() => setAdding(false)} onOk={() => void add()}>
        <Form form={form} layout="vertical" initialValues={{ duty: area.level === 'grid' ? 'grid_worker' : 'locality' }}>
          <Form.Item name="duty" label={t('areas.duty')} rules={[{ required: true }]}>
            <Select options={['locality', 'department', 'unit', 'grid_worker'].map((d) => ({ value: d, label: t(`areas.duties.${d}`) }))} />
          </Form.Item>
          <Form.Item name="name" label={t('areas.name')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="title" label={t('areas.titleField')}>
            <Input />
          </Form.Item>
          <Form.Item name="phone" label={t('areas.phone')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
