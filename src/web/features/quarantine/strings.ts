import { registerStrings } from '../../app/i18n';

registerStrings(
  {
    quarantine: {
      title: '隔离转运', facilities: '隔离点与医院', rooms: '房间/床位', placements: '隔离人员', health: '健康监测', transfers: '人员转运', capacity: '容量与预测',
      name: '名称', type: '类型', types: { quarantine: '集中隔离点', designated: '定点医院', 'sub-designated': '亚定点医院', fangcang: '方舱医院', home: '居家隔离' },
      mode: '状态', modes: { normal: '平时', standby: '待启用', active: '启用中' }, area: '区域编码', roomsN: '房间/床位数', total: '总数', occupied: '已用', free: '空余', cleaning: '消杀中', outOfService: '停用',
      create: '新建', activationHours: '启用需(小时)', zoning: '三区两通道', zoningOk: '已验收', zoningMissing: '未登记', facility: '设施',
      roomStatuses: { free: '空闲', occupied: '占用', cleaning: '消杀', out_of_service: '停用' }, place: '安置', release: '解除', idNumber: '身份证号', reason: '事由',
      reasons: { 'close-contact': '密接', 'secondary-contact': '次密接', arrival: '来返人员', case: '病例', 'positive-pool': '阳性混管' }, markFree: '设为空闲', markOut: '停用', markCleaning: '消杀',
      person: '人员', room: '房间', start: '开始', siteEnd: '集中隔离至', monitoringEnd: '健康监测至', daysServed: '已隔离(天)', nextTest: '下次检测', releasable: '可解除',
      testResult: '录入检测', negative: '阴性', positive: '阳性', override: '提前解除（需说明理由）', temperature: '体温 °C', symptoms: '症状', mental: '需心理疏导', needs: '需求（药品/饮食）',
      submit: '提交', tasks: '医护待办', taskKinds: { fever: '发热', missed_check: '漏报', mental_support: '心理疏导', needs: '需求' }, done: '完成',
      request: '申请转运', to: '目的地', deadline: '时限', status: '状态', vehicle: '车辆', plate: '车牌', seats: '座位', driver: '司机', addVehicle: '添加车辆',
      transferStatuses: { requested: '待审批', approved: '已审批', vehicle_assigned: '已派车', picked_up: '已接到', arrived: '已到达', cancelled: '已取消' },
      approve: '审批', assign: '派车', pickUp: '已接到', arrive: '已到达', cancel: '取消', emergency: '应急模式（自动审批）', idNumbers: '身份证号（多人用逗号分隔，同户同车）',
      perTenK: '每万人隔离房间', standard: '标准', activatable: '可启用', projection: '未来14天需求预测', demand: '需求', capacityLine: '可用房间', existing: '在隔离', pending: '待安置', projected: '新增预测',
      doubling: '倍增时间(天)', contactsPerCase: '每例密接数', dailyCases: '当前日新增病例', population: '常住人口', waste: '医废转运', weight: '重量(kg)', handler: '经手人',
    },
  },
  {
    quarantine: {
      title: 'Quarantine & transfer', facilities: 'Sites & hospitals', rooms: 'Rooms / beds', placements: 'Placements', health: 'Health checks', transfers: 'Transfers', capacity: 'Capacity & projection',
      name: 'Name', type: 'Type', types: { quarantine: 'Quarantine site', designated: 'Designated hospital', 'sub-designated': 'Sub-designated hospital', fangcang: 'Field hospital', home: 'Home quarantine' },
      mode: 'Mode', modes: { normal: 'Normal use', standby: 'Standby', active: 'Active' }, area: 'Area code', roomsN: 'Rooms / beds', total: 'Total', occupied: 'Occupied', free: 'Free', cleaning: 'Cleaning', outOfService: 'Out of service',
      create: 'Create', activationHours: 'Activation (h)', zoning: 'Three zones, two passages', zoningOk: 'Inspected', zoningMissing: 'Not recorded', facility: 'Facility',
      roomStatuses: { free: 'Free', occupied: 'Occupied', cleaning: 'Cleaning', out_of_service: 'Out of service' }, place: 'Place', release: 'Release', idNumber: 'ID number', reason: 'Reason',
      reasons: { 'close-contact': 'Close contact', 'secondary-contact': 'Secondary contact', arrival: 'Arrival', case: 'Case', 'positive-pool': 'Positive pool' }, markFree: 'Mark free', markOut: 'Out of service', markCleaning: 'Cleaning',
      person: 'Person', room: 'Room', start: 'Start', siteEnd: 'On site until', monitoringEnd: 'Monitoring until', daysServed: 'Days served', nextTest: 'Next test', releasable: 'Releasable',
      testResult: 'Record test', negative: 'Negative', positive: 'Positive', override: 'Release early (reason required)', temperature: 'Temperature °C', symptoms: 'Symptoms', mental: 'Needs psychological support', needs: 'Needs (medicine/diet)',
      submit: 'Submit', tasks: 'Medical staff tasks', taskKinds: { fever: 'Fever', missed_check: 'Missed check', mental_support: 'Psychological support', needs: 'Needs' }, done: 'Done',
      request: 'Request transfer', to: 'Destination', deadline: 'Deadline', status: 'Status', vehicle: 'Vehicle', plate: 'Plate', seats: 'Seats', driver: 'Driver', addVehicle: 'Add vehicle',
      transferStatuses: { requested: 'Requested', approved: 'Approved', vehicle_assigned: 'Vehicle assigned', picked_up: 'Picked up', arrived: 'Arrived', cancelled: 'Cancelled' },
      approve: 'Approve', assign: 'Assign vehicle', pickUp: 'Picked up', arrive: 'Arrived', cancel: 'Cancel', emergency: 'Emergency mode (auto-approve)', idNumbers: 'ID numbers (comma-separated; a household rides together)',
      perTenK: 'Rooms per 10,000', standard: 'Standard', activatable: 'Activatable', projection: 'Demand over the next 14 days', demand: 'Demand', capacityLine: 'Rooms available', existing: 'On site', pending: 'Waiting', projected: 'Projected new',
      doubling: 'Doubling time (days)', contactsPerCase: 'Contacts per case', dailyCases: 'New cases per day now', population: 'Residents', waste: 'Medical-waste runs', weight: 'Weight (kg)', handler: 'Handler',
    },
  },
);
