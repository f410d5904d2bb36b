import { loadConfig } from '../config';
import { ManualClock } from './clock';
import { addDays, daysBetween, localDate, startOfLocalDay } from './local-time';
import { maskIdNumber, maskName, maskPhone } from './masking';
import { Pii } from './pii';

describe('masking', () => {
  it('masks ID numbers, phones and names as users expect', () => {
    expect(maskIdNumber('32010219900307123X')).toBe('3201**********123X');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧**娜');
  });
});

describe('Pii', () => {
  const pii = new Pii(Buffer.alloc(32, 1));
  it('hashes deterministically per kind and encrypts reversibly', () => {
    expect(pii.hash('doc', 'A')).toBe(pii.hash('doc', 'A'));
    expect(pii.hash('doc', 'A')).not.toBe(pii.hash('phone', 'A'));
    const c1 = pii.encrypt('13812345678');
    expect(c1).not.toContain('13812345678');
    expect(c1).not.toBe(pii.encrypt('13812345678')); // random IV
    expect(pii.decrypt(c1)).toBe('13812345678');
  });
  it('refuses tampered ciphertext', () => {
    const c = pii.encrypt('x');
    expect(() => pii.decrypt(c.slice(0, -2) + (c.endsWith('A') ? 'BB' : 'AA'))).toThrow();
  });
});

describe('local time', () => {
  it('counts local calendar days in the configured zone', () => {
    expect(localDate('2026-05-05T17:00:00Z', 'Asia/Shanghai')).toBe('2026-05-06');
    expect(localDate('2026-05-05T15:59:59Z', 'Asia/Shanghai')).toBe('2026-05-05');
    expect(startOfLocalDay('2026-05-06', 'Asia/Shanghai').toISOString()).toBe('2026-05-05T16:00:00.000Z');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(daysBetween('2026-05-01', '2026-05-08')).toBe(7);
  });
  it('the manual clock moves only when told', () => {
    const c = new ManualClock('2026-01-01T00:00:00Z');
    c.advance(1000);
    expect(c.nowIso()).toBe('2026-01-01T00:00:01.000Z');
  });
});

describe('config', () => {
  it('lists every bad variable in one message', () => {
    expect(() => loadConfig({ PORT: 'x', EPIGRID_TZ: 'Mars/Base', DATABASE_URL: 'mysql://x', EPIGRID_SECRET_KEY: 'short' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*EPIGRID_SECRET_KEY[\s\S]*EPIGRID_TZ|PORT[\s\S]*EPIGRID_TZ/,
    );
    try {
      loadConfig({ PORT: 'x', EPIGRID_TZ: 'Mars/Base', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      const msg = (e as Error).message;
      for (const v of ['PORT', 'EPIGRID_TZ', 'DATABASE_URL']) expect(msg).toContain(v);
    }
  });
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', timeZone: 'Asia/Shanghai', demoPeople: 50_000 });
  });
});
