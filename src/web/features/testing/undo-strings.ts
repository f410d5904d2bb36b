import { registerStrings } from '../../app/i18n';

/**
 * Strings of taking decisions back (重新开启轮次, 撤销免采) and of calling a resident from a work
 * list (查看电话 → 拨打), with the error codes those answer — zh first, en beside.
 */
registerStrings(
  {
    testing: {
      reopen: '重新开启',
      reopenTitle: '重新开启「{{name}}」？',
      reopenNote: '仅限结束后 24 小时内，且尚无覆盖同一区域的新轮次。原因将记入审计日志。',
      reopened: '已重新开启「{{name}}」',
      undoExempt: '撤销免采',
      undoExemptTitle: '撤销 {{name}} 的免采？',
      undoExemptNote: '撤销后此人重新列入应采未采名单，应采人数加回。原因将记入审计日志。',
      undone: '已撤销 {{name}} 的免采',
      undoReason: '原因',
      gridOwner: '网格责任人',
      address: '住址',
      phone: '电话',
      callReveal: '查看并拨打',
      callTitle: '查看 {{name}} 的电话',
      callNote: '明文电话仅用于联系本人，每次查看都记入审计日志。',
      callReasonDefault: '电话通知采样/复核',
      call: '拨打',
      noPhone: '未登记电话',
      actions: '操作',
    },
    testingErrors: {
      ROUND_CLOSED: '该轮次已结束：请先重新开启',
      ROUND_NOT_CLOSED: '该轮次仍在进行中',
      REOPEN_WINDOW_PASSED: '已超过可重新开启的时限（结束后 {{hours}} 小时内）',
      ROUND_SUPERSEDED: '已有覆盖相同区域的新轮次（{{laterRound}}），不能重新开启',
      REVEAL_LIMITED: '查看明文次数已达每小时上限，请稍后再试',
    },
  },
  {
    testing: {
      reopen: 'Reopen',
      reopenTitle: 'Reopen “{{name}}”?',
      reopenNote: 'Only within 24 hours of closing, and only while no later round covers the same areas. The reason goes to the audit log.',
      reopened: 'Reopened “{{name}}”',
      undoExempt: 'Undo exemption',
      undoExemptTitle: 'Undo the exemption of {{name}}?',
      undoExemptNote: 'The person is back on the missing list and the target rises by one. The reason goes to the audit log.',
      undone: 'Exemption of {{name}} undone',
      undoReason: 'Reason',
      gridOwner: 'Grid worker',
      address: 'Address',
      phone: 'Phone',
      callReveal: 'Show & call',
      callTitle: 'Show the phone of {{name}}',
      callNote: 'The phone in clear is for calling the person only; every view is recorded in the audit log.',
      callReasonDefault: 'Calling about sampling / re-check',
      call: 'Call',
      noPhone: 'No phone registered',
      actions: 'Actions',
    },
    testingErrors: {
      ROUND_CLOSED: 'The round is closed: reopen it first',
      ROUND_NOT_CLOSED: 'The round is still open',
      REOPEN_WINDOW_PASSED: 'Too late to reopen (only within {{hours}} hours of closing)',
      ROUND_SUPERSEDED: 'A later round ({{laterRound}}) covers the same areas: this one cannot be reopened',
      REVEAL_LIMITED: 'Hourly limit of clear views reached; try again later',
    },
  },
);
