import { enCodes, zhCodes } from './error-words';
import { enFields, enReasons, zhFields, zhReasons } from './field-words';

/** The `errors.*` strings lib/errors.ts registers: the frame words, then codes, fields and reasons. */
export const errorStrings = [
  {
    errors: {
      unknown: '操作失败，请稍后重试',
      network: '网络连接失败，请检查网络后重试',
      other: '操作失败（{{status}} {{code}}）',
      fieldReason: '{{field}}：{{reason}}',
      someField: '某项输入',
      more: '另有 {{count}} 处问题',
      item: '（第 {{n}} 项）',
      separator: '；',
      codes: zhCodes,
      fields: zhFields,
      reasons: zhReasons,
    },
  },
  {
    errors: {
      unknown: 'Something went wrong; try again',
      network: 'Network error; check the connection and try again',
      other: 'Failed ({{status}} {{code}})',
      fieldReason: '{{field}}: {{reason}}',
      someField: 'An input',
      more: '{{count}} more problems',
      item: ' (item {{n}})',
      separator: '; ',
      codes: enCodes,
      fields: enFields,
      reasons: enReasons,
    },
  },
] as const;
