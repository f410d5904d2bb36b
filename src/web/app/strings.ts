/** Shell strings. Words follow SPEC.md so users see the terms they use. */
export const zh = {
  app: { name: 'EpiGrid 疫情防控指挥系统', short: 'EpiGrid' },
  menu: {
    home: '指挥总览', areas: '区域网格', people: '人口底数', testing: '核酸检测', tracing: '流调溯源',
    quarantine: '隔离转运', surveillance: '监测预警', response: '预案任务', supervision: '督导检查',
    supplies: '物资储备', drills: '演练', reports: '报表', system: '系统管理', users: '用户管理',
    tokens: 'API 令牌', audit: '审计日志',
  },
  login: {
    title: '登录', username: '用户名', password: '密码', submit: '登录', invalid: '用户名或密码错误',
    locked: '连续登录失败次数过多，账户已锁定至 {{until}}', required: '请输入{{field}}',
  },
  password: {
    title: '修改密码', current: '当前密码', next: '新密码', confirm: '确认新密码', submit: '修改',
    mismatch: '两次输入的新密码不一致', mustChange: '首次登录请先修改密码', done: '密码已修改',
  },
  header: { logout: '退出登录', changePassword: '修改密码', language: 'English' },
  home: { title: '指挥总览', updated: '更新于 {{at}}', empty: '暂无数据' },
  figures: {
    users: '用户数', sessions_active: '在线会话', audit_entries: '审计记录', jobs_pending: '待执行任务',
    people: '登记人口', areas: '区域数', grids: '网格数', households: '户数', responsibility_gaps: '责任盲区',
    samples_today: '今日采样', positive_pools_open: '待处置阳性混管', rechecks_overdue: '超时单管复核',
    cases: '病例', contacts_under_control: '在管密接', assist_notices_overdue: '超时协查',
    rooms_free: '空余隔离房间', placements_live: '在隔离人员', transfers_open: '进行中转运', rooms_per_10k: '每万人隔离房间',
  },
  comingSoon: {
    title: '本功能将在后续版本提供',
    surveillance: '哨点（发热门诊、药店退热药、学校缺勤）每日报告，异常检测与多点触发，自动启动应急响应。',
    response: '应急预案激活后自动生成"六个快速"任务，任务看板、期限与督办，封控/管控/防范区与出入证，值班值守。',
    supervision: '飞行检查与检查清单，问题转整改并跟踪核验。',
    supplies: '各仓库防护物资、试剂、采样管储备，储备目标与可用天数，人员储备与培训记录。',
    drills: '在模拟城市上推演疫情，按各环节用时评分。',
    reports: '每日疫情报告与数据导出。',
    feature: '此模块正在建设中。',
  },
  common: {
    loadMore: '加载更多', search: '搜索', create: '新建', edit: '编辑', save: '保存', cancel: '取消',
    disable: '停用', enable: '启用', revoke: '吊销', actions: '操作', yes: '是', no: '否', refresh: '刷新',
    overdue: '已超时', remaining: '剩余', upload: '上传文件', uploading: '上传中', errors: '错误明细',
    row: '行', column: '列', reason: '原因', noPermission: '没有权限',
  },
  users: {
    title: '用户管理', username: '用户名', displayName: '姓名', role: '角色', scope: '管辖区域', disabled: '已停用',
    locked: '锁定至', createdAt: '创建时间', password: '初始密码', resetPassword: '重置密码',
    scopeHelp: '区域编码，覆盖其下所有区域；* 表示全部', created: '用户已创建', saved: '已保存',
  },
  roles: {
    admin: '系统管理员', commander: '指挥部', area_official: '区域负责人', grid_worker: '网格员', sampler: '采样人员',
    lab: '实验室', epidemiologist: '流调人员', quarantine_manager: '隔离点管理', transfer_team: '转运组', inspector: '督查人员',
  },
  tokens: {
    title: 'API 令牌', name: '名称', created: '令牌已创建（只显示这一次，请立即保存）', lastUsed: '最近使用', revoked: '已吊销',
    help: '供实验室信息系统、采样设备等机器客户端使用：请求头 Authorization: Bearer <令牌>',
  },
  audit: { title: '审计日志', seq: '序号', at: '时间', actor: '操作人', action: '操作', target: '对象', reason: '原因', verify: '校验哈希链', intact: '审计链完整：{{n}} 条', broken: '审计链在第 {{seq}} 条处被破坏：{{problem}}' },
};

export const en: typeof zh = {
  app: { name: 'EpiGrid Epidemic Command', short: 'EpiGrid' },
  menu: {
    home: 'Command view', areas: 'Areas & grids', people: 'Population registry', testing: 'Mass testing', tracing: 'Tracing',
    quarantine: 'Quarantine & transfer', surveillance: 'Early warning', response: 'Plans & tasks', supervision: 'Supervision',
    supplies: 'Reserves', drills: 'Drills', reports: 'Reports', system: 'Administration', users: 'Users',
    tokens: 'API tokens', audit: 'Audit log',
  },
  login: {
    title: 'Log in', username: 'User name', password: 'Password', submit: 'Log in', invalid: 'Wrong user name or password',
    locked: 'Too many failed logins; the account is locked until {{until}}', required: 'Please enter the {{field}}',
  },
  password: {
    title: 'Change password', current: 'Current password', next: 'New password', confirm: 'Confirm new password', submit: 'Change',
    mismatch: 'The two new passwords differ', mustChange: 'Please change your password before continuing', done: 'Password changed',
  },
  header: { logout: 'Log out', changePassword: 'Change password', language: '中文' },
  home: { title: 'Command view', updated: 'Updated {{at}}', empty: 'No figures yet' },
  figures: {
    users: 'Users', sessions_active: 'Active sessions', audit_entries: 'Audit entries', jobs_pending: 'Pending jobs',
    people: 'Registered people', areas: 'Areas', grids: 'Grids', households: 'Households', responsibility_gaps: 'Responsibility gaps',
    samples_today: 'Samples today', positive_pools_open: 'Open positive pools', rechecks_overdue: 'Overdue re-checks',
    cases: 'Cases', contacts_under_control: 'Contacts under control', assist_notices_overdue: 'Overdue assist notices',
    rooms_free: 'Free quarantine rooms', placements_live: 'People in quarantine', transfers_open: 'Open transfers', rooms_per_10k: 'Quarantine rooms per 10,000',
  },
  comingSoon: {
    title: 'Coming in a later release',
    surveillance: 'Sentinel points (fever clinics, fever-drug sales, school absences) reporting daily, aberration detection, multi-point triggers that activate response plans.',
    response: 'Response plans whose activation creates the six rapid actions as tasks with deadlines and escalation; control zones with passes; duty roster.',
    supervision: 'Unannounced inspections with checklists; findings become rectification items with deadlines and verification.',
    supplies: 'PPE, reagents and tubes per warehouse with reserve targets and days of cover; staff reserves and training.',
    drills: 'Run a simulated outbreak on a synthetic city and score how fast each step was done.',
    reports: 'Daily report and exports.',
    feature: 'This module is being built.',
  },
  common: {
    loadMore: 'Load more', search: 'Search', create: 'New', edit: 'Edit', save: 'Save', cancel: 'Cancel',
    disable: 'Disable', enable: 'Enable', revoke: 'Revoke', actions: 'Actions', yes: 'Yes', no: 'No', refresh: 'Refresh',
    overdue: 'Overdue', remaining: 'left', upload: 'Upload file', uploading: 'Uploading', errors: 'Errors',
    row: 'Row', column: 'Column', reason: 'Reason', noPermission: 'No permission',
  },
  users: {
    title: 'Users', username: 'User name', displayName: 'Name', role: 'Role', scope: 'Area scope', disabled: 'Disabled',
    locked: 'Locked until', createdAt: 'Created', password: 'Initial password', resetPassword: 'Reset password',
    scopeHelp: 'Area codes; each covers everything below it; * means all', created: 'User created', saved: 'Saved',
  },
  roles: {
    admin: 'Administrator', commander: 'Command centre', area_official: 'Area official', grid_worker: 'Grid worker', sampler: 'Sampler',
    lab: 'Laboratory', epidemiologist: 'Epidemiologist', quarantine_manager: 'Quarantine manager', transfer_team: 'Transfer team', inspector: 'Inspector',
  },
  tokens: {
    title: 'API tokens', name: 'Name', created: 'Token created (shown only once — store it now)', lastUsed: 'Last used', revoked: 'Revoked',
    help: 'For machine clients such as lab systems and sampling devices: header Authorization: Bearer <token>',
  },
  audit: { title: 'Audit log', seq: 'No.', at: 'Time', actor: 'Actor', action: 'Action', target: 'Target', reason: 'Reason', verify: 'Verify hash chain', intact: 'Audit chain intact: {{n}} entries', broken: 'Audit chain broken at entry {{seq}}: {{problem}}' },
};
