import { classifyScan, maskScan } from './classify';

const today = new Date('2026-05-06T00:00:00Z');
const code = 'EGRC1.01890f3c-1a2b-7c3d-8e4f-0123456789ab.AbCdEfGhIjKlMnOpQrStUv';

describe('scan classifier: a scan is a tube, an ID number or a resident code by its shape', () => {
  it('reads an ID number whose check digit holds (x or X), and refuses one whose check fails instead of taking it for a tube', () => {
    expect(classifyScan('11010519491231002X', today)).toEqual({ kind: 'id_number', value: '11010519491231002X' });
    expect(classifyScan('11010519491231002x', today)).toEqual({ kind: 'id_number', value: '11010519491231002X' });
    expect(classifyScan('110105194912310021', today)).toEqual({ kind: 'unknown', value: '110105194912310021', reason: 'id_check' });
    // A birth date in the future is not an ID number either.
    expect(classifyScan('110105209912310027', today).kind).toBe('unknown');
  });

  it('reads a resident code bare, inside a URL, or with a scanner prefix, as the token alone', () => {
    expect(classifyScan(code, today)).toEqual({ kind: 'resident_code', value: code });
    expect(classifyScan(`https://city.example/rc/${code}`, today)).toEqual({ kind: 'resident_code', value: code });
    expect(classifyScan(`\u0002${code}\r`, today)).toEqual({ kind: 'resident_code', value: code });
    // One character short of a signature is not a code, nor a tube (it has dots).
    expect(classifyScan(code.slice(0, -1), today)).toEqual({ kind: 'unknown', value: code.slice(0, -1), reason: 'shape' });
  });

  it('reads tube barcodes, and nothing else, as tubes', () => {
    expect(classifyScan('TUBE0001', today)).toEqual({ kind: 'tube', value: 'TUBE0001' });
    expect(classifyScan(' 2026-0506-0001 ', today)).toEqual({ kind: 'tube', value: '2026-0506-0001' });
    expect(classifyScan('1234567890123', today)).toEqual({ kind: 'tube', value: '1234567890123' });
    expect(classifyScan('ab', today).kind).toBe('unknown');
    expect(classifyScan('https://health.example/other?code=1', today)).toMatchObject({ kind: 'unknown', reason: 'shape' });
    expect(classifyScan('   ', today)).toMatchObject({ kind: 'unknown', reason: 'empty' });
  });

  it('masks people for the lists: never an ID number in clear', () => {
    expect(maskScan({ kind: 'id_number', value: '11010519491231002X' })).toBe('1101**********002X');
    expect(maskScan({ kind: 'resident_code', value: code })).not.toContain('01890f3c');
  });
});
