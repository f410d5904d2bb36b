import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlacementReason } from '../../../contract/quarantine';
import { useAuth } from '../../app/auth';
import { qApi } from './api';
import { HandoffDialog, type HandoffAction, type HandoffAnswer, type HandoffPerson, type HandoffRequest } from './HandoffDialog';

interface Props {
  /** The selected rows (re-check members, a missing list), each naming its person. */
  people: HandoffPerson[];
  defaultReason?: PlacementReason;
  /** After the dialog closed having changed something: clear the selection, reload. */
  onDone: () => void;
}

/**
 * 安排隔离 / 安排转运 for a selection of people by person id (POST /quarantine/placements/bulk, which
 * keeps its good rows, and POST /transfers, all-or-nothing). The buttons show to whom the server
 * lets do it: quarantine:write or quarantine:arrange places, transfer:write or quarantine:arrange requests a transfer.
 */
export function PeopleHandoff({ people, defaultReason, onDone }: Props) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [dialog, setDialog] = useState<HandoffAction | null>(null);
  const place = can('quarantine:write') || can('quarantine:arrange');
  const transfer = can('transfer:write') || can('quarantine:arrange');
  if (!place && !transfer) return null;

  const submit = async (r: HandoffRequest): Promise<HandoffAnswer> => {
    const reason = r.reason ?? defaultReason ?? 'close-contact';
    const care = { carers: r.carers, dependants: r.dependants };
    const personIds = r.people.map((p) => p.personId);
    if (dialog === 'transfer') {
      await qApi.requestTransfer({ personIds, toFacilityId: r.facilityId ?? '', reason, deadlineHours: r.deadlineHours, ...care });
      return { placed: [], refused: [], requested: r.people.map((p) => p.key) };
    }
    const out = await qApi.placeMany({ personIds, reason, facilityId: r.facilityId, ...care });
    const keyOf = new Map(r.people.map((p) => [p.personId, p.key]));
    return {
      placed: out.placed.map((p) => ({ key: keyOf.get(p.personId) ?? p.personId, facilityId: p.facilityId, room: p.room })),
      refused: out.problems.map((p) => ({ key: keyOf.get(p.personId) ?? p.personId, code: p.code ?? 'NOT_PLACED', reason: p.reason })),
    };
  };

  return (
    <Space wrap data-testid="people-handoff">
      <Typography.Text type="secondary">{t('quarantine.handoff.selected', { n: people.length })}</Typography.Text>
      {place && (
        <Button type="primary" disabled={people.length === 0} onClick={() => setDialog('place')}>
          {t('quarantine.handoff.place')}
        </Button>
      )}
      {transfer && (
        <Button disabled={people.length === 0} onClick={() => setDialog('transfer')}>
          {t('quarantine.handoff.transfer')}
        </Button>
      )}
      {dialog && (
        <HandoffDialog
          action={dialog}
          people={people}
          askReason
          defaultReason={defaultReason}
          submit={submit}
          onClose={(changed) => {
            setDialog(null);
            if (changed) onDone();
          }}
        />
      )}
    </Space>
  );
}
