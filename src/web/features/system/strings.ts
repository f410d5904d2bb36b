import { registerStrings } from '../../app/i18n';

/** Strings of the administration pages (users, tokens), Chinese first. */
registerStrings(
  {
    users: {
      sites: '工作点位',
      sitesHelp: '派驻的隔离点、采样点或实验室：在点位上办理其中人员和样本的业务（不论其属地）。只能选择本人管辖范围内的点位。',
      addSite: '添加点位',
      siteKind: '类型',
      siteCode: '点位',
      siteKinds: { facility: '隔离点/医院', sampling_site: '采样点', lab: '实验室', sentinel: '哨点' },
      passwordHelp: '至少 10 位，包含小写字母、大写字母、数字、符号中的至少 3 类；不能是常见密码，不能包含用户名',
      grantHelp: '只能授予本人拥有的权限和本人管辖范围内的区域',
      noSites: '—',
      scopeOrSites: '请至少填写一个管辖区域或一个工作点位',
      locked: '有地址被锁定至',
    },
    usersImport: {
      button: '批量导入',
      title: '批量导入用户',
      help: '上传 CSV 或 XLSX，列为：用户名、姓名、角色、管辖区域（多个区域编码用 | 分隔）、手机号；可选列 sites（工作点位 kind:code，用 | 分隔）。合格的行导入，不合格的行逐行列出原因；已存在且相同的用户保持不变，不重置密码。',
      result: '新建 {{accepted}}，更新 {{updated}}，未变 {{unchanged}}，拒绝 {{rejected}}',
      passwordsOnce:
        '已为 {{n}} 个新账号生成一次性初始密码，仅在此显示一次：请立即下载并当面或加密分发；关闭本窗口后无法再次获取（系统只保存密码的散列）。用户首次登录须修改密码。',
      download: '下载初始密码',
      close: '关闭',
      closeConfirm: '关闭后将无法再次获取这些初始密码。确认已下载？',
    },
    // A grant beyond the administrator's own, at the field it concerns (details.field).
    grantRefused: {
      role: '该角色含有您本人没有的权限',
      scope: '区域 {{areas}} 超出您的管辖范围',
      sites: '第 {{items}} 个工作站点超出您的管辖范围',
      id: '不能在此修改自己的角色、范围或站点，停用自己或重置自己的密码',
    },
  },
  {
    users: {
      sites: 'Work sites',
      sitesHelp:
        'Quarantine sites, sampling sites or labs this person is posted to: they work on the people and samples there, whoever’s residents they are. Only sites within your own scope.',
      addSite: 'Add site',
      siteKind: 'Kind',
      siteCode: 'Site',
      siteKinds: { facility: 'Quarantine site / hospital', sampling_site: 'Sampling site', lab: 'Lab', sentinel: 'Sentinel' },
      passwordHelp: 'At least 10 characters mixing 3 of: lower-case, upper-case, digits, symbols; not a common password; not containing the user name',
      grantHelp: 'You can grant only permissions you hold and areas within your own scope',
      noSites: '—',
      scopeOrSites: 'Give at least one area or one work site',
      locked: 'An address locked out until',
    },
    usersImport: {
      button: 'Import',
      title: 'Import users',
      help: 'Upload CSV or XLSX with columns username, display_name, role, scope (area codes separated by |), phone; optional column sites (work sites kind:code separated by |). Good rows are imported, bad rows listed with their reasons; existing identical users stay unchanged and keep their password.',
      result: 'created {{accepted}}, updated {{updated}}, unchanged {{unchanged}}, rejected {{rejected}}',
      passwordsOnce:
        'One-time initial passwords were generated for {{n}} new accounts and are shown only now: download them and hand them over in person or encrypted. Once this dialog is closed they cannot be fetched again (only their hashes are stored). Users must change them at first login.',
      download: 'Download initial passwords',
      close: 'Close',
      closeConfirm: 'These initial passwords cannot be fetched again once closed. Downloaded them?',
    },
    grantRefused: {
      role: 'This role has permissions you do not hold',
      scope: 'Area {{areas}} is outside your scope',
      sites: 'Work site {{items}} is outside your scope',
      id: 'You cannot change your own role, scope or sites, disable yourself or reset your own password here',
    },
  },
);
