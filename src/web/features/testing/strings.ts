import { registerStrings } from '../../app/i18n';

registerStrings(
  {
    testing: {
      title: '核酸检测', rounds: '筛查轮次', sampling: '采样', boxes: '转运', lab: '实验室', rechecks: '单管复核', timing: '时效', plan: '产能测算', overdue: '重点人群频次',
      newRound: '新建轮次', area: '区域编码', poolSize: '混采', name: '名称', target: '应检', sampled: '已采', resulted: '已出结果', positive: '阳性/可疑', missing: '未采',
      coverage: '覆盖率', missingList: '未采人员名单', exportCsv: '导出 CSV', round: '轮次', site: '采样点', scanPerson: '扫描居民码/身份证号', scanTube: '扫描试管条码',
      queued: '待上传', sent: '已上传', errors: '错误', tube: '试管', person: '人员', status: '状态', owner: '责任人', locateBy: '找到时限', resultBy: '出结果时限',
      locate: '已找到', resample: '单管采样', boxCode: '箱号', tubes: '试管条码（每行一个）', seal: '封箱', handover: '交接', receive: '接收', labCode: '实验室代码',
      uploadResults: '上传检测结果 CSV（tube_barcode,result,ct_n,ct_orf1ab,tested_at,lab_code）', step: '环节', median: '中位数(分钟)', p95: '95%分位(分钟)', count: '数量',
      steps: { seal: '采样→封管', box: '封管→装箱', handover: '装箱→交接', transport: '交接→接收', test: '接收→出结果', total: '采样→出结果' },
      slowest: '最慢的试管', prevalence: '预估阳性率', finish: '预计完成（小时）', bottleneck: '瓶颈', samplingPerHour: '每小时采样能力', suggestion: '建议混采比例',
      tag: '标签', interval: '频次（天）', lastSampled: '最近采样', daysOverdue: '超期天数', statuses: { to_locate: '待找到', located: '已找到', resampled: '已单采', negative: '阴性', positive: '阳性' },
    },
  },
  {
    testing: {
      title: 'Mass testing', rounds: 'Rounds', sampling: 'Sampling', boxes: 'Transport', lab: 'Laboratory', rechecks: 'Single-tube re-checks', timing: 'Chain timing', plan: 'Capacity plan', overdue: 'Testing frequency',
      newRound: 'New round', area: 'Area code', poolSize: 'Pool size', name: 'Name', target: 'Target', sampled: 'Sampled', resulted: 'Resulted', positive: 'Positive/suspected', missing: 'Missing',
      coverage: 'Coverage', missingList: 'People not yet sampled', exportCsv: 'Export CSV', round: 'Round', site: 'Site', scanPerson: 'Scan resident code / ID number', scanTube: 'Scan tube barcode',
      queued: 'Queued', sent: 'Sent', errors: 'Errors', tube: 'Tube', person: 'Person', status: 'Status', owner: 'Owner', locateBy: 'Locate by', resultBy: 'Result by',
      locate: 'Located', resample: 'Single-tube sample', boxCode: 'Box', tubes: 'Tube barcodes (one per line)', seal: 'Seal box', handover: 'Hand over', receive: 'Receive', labCode: 'Lab code',
      uploadResults: 'Upload results CSV (tube_barcode,result,ct_n,ct_orf1ab,tested_at,lab_code)', step: 'Step', median: 'Median (min)', p95: 'p95 (min)', count: 'Count',
      steps: { seal: 'sampled→sealed', box: 'sealed→boxed', handover: 'boxed→handed over', transport: 'handed over→received', test: 'received→resulted', total: 'sampled→resulted' },
      slowest: 'Slowest tubes', prevalence: 'Expected prevalence', finish: 'Finish in (hours)', bottleneck: 'Bottleneck', samplingPerHour: 'Sampling per hour', suggestion: 'Suggested pool size',
      tag: 'Tag', interval: 'Interval (days)', lastSampled: 'Last sampled', daysOverdue: 'Days overdue', statuses: { to_locate: 'To locate', located: 'Located', resampled: 'Re-sampled', negative: 'Negative', positive: 'Positive' },
    },
  },
);
