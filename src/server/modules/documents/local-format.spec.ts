import { describe, expect, it } from 'vitest';
import { localDateTime, localDateZh } from './local-format';
import { resolvePdfFont } from './pdf-font';

describe('printed times and the font', () => {
  it('shows instants in the configured zone', () => {
    expect(localDateTime('2026-05-06T16:30:00.000Z', 'Asia/Shanghai')).toBe('2026-05-07 00:30');
    expect(localDateTime('2026-05-06T16:30:00.000Z', 'UTC')).toBe('2026-05-06 16:30');
    expect(localDateTime(null, 'UTC')).toBe('—');
    expect(localDateZh('2026-05-06T16:30:00.000Z', 'Asia/Shanghai')).toBe('2026年05月07日');
  });

  it('finds the font in one place and names the variable when there is none', () => {
    expect(resolvePdfFont(undefined, (p) => p.includes('wqy-zenhei'))).toEqual({
      path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
      face: 'WenQuanYiZenHei',
    });
    expect(resolvePdfFont('/x/f.ttf', () => true)).toEqual({ path: '/x/f.ttf' });
    expect(resolvePdfFont('/x/f.ttc#Face', () => true)).toEqual({ path: '/x/f.ttc', face: 'Face' });
    expect(() => resolvePdfFont(undefined, () => false)).toThrow(/EPIGRID_PDF_FONT/);
    expect(() => resolvePdfFont('/x/none.ttf', () => false)).toThrow(/EPIGRID_PDF_FONT=\/x\/none.ttf/);
    expect(() => resolvePdfFont('/x/f.ttc', () => true)).toThrow(/name the face/);
  });
});
