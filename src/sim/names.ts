import { cumulative, type Prng } from './prng';

// Common surnames with rough frequencies (per mille) from China's household registration statistics.
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '高', '罗', '郑', '梁', '谢', '宋', '唐', '许', '韩', '邓', '冯', '曹', '彭', '曾', '肖', '田', '董', '潘', '袁', '蔡', '蒋', '余', '于', '杜', '叶', '程', '魏', '苏', '吕', '丁', '任', '卢', '姚', '沈', '钟', '姜', '崔', '谭', '陆', '范', '汪', '廖', '石', '金', '韦', '贾', '夏', '付', '方', '邹', '熊', '白', '孟', '秦', '邱', '侯', '江', '尹', '薛', '闫', '段', '雷', '龙', '黎', '史', '陶', '贺', '毛', '郝', '顾', '龚', '邵', '欧阳'];
const WEIGHTS = SURNAMES.map((_, i) => Math.round(75 / (1 + i * 0.25)) + 1);
const CUM = cumulative(WEIGHTS);

const MALE = '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国志文博瑞泽轩晨昊天宏亮成海峰';
const FEMALE = '芳娜敏静丽艳娟霞燕玲桂丹萍红梅琳雪婷慧莉颖洁琴云倩瑶怡欣悦佳萱妍涵晗雨思梦月兰秀英凤';

export function personName(rng: Prng, sex: 'M' | 'F', surname?: string): string {
  const s = surname ?? rng.weighted(SURNAMES, CUM);
  const pool = sex === 'M' ? MALE : FEMALE;
  const given = rng.chance(0.35) ? (pool[rng.int(pool.length)] as string) : (pool[rng.int(pool.length)] as string) + (pool[rng.int(pool.length)] as string);
  return s + given;
}

export function surnameOf(name: string): string {
  return name.startsWith('欧阳') ? '欧阳' : (name[0] as string);
}
