import { describe, expect, it } from 'vitest';
import { km, pickupOrder, type Stop } from './pickup-order';

const at = (id: string, lng: number, lat: number, areaCode = '320706001001001001'): Stop => ({ id, areaCode, lng, lat });

describe('pickup order of a vehicle run', () => {
  it('measures about 111 km per degree of latitude', () => {
    expect(km({ lng: 119, lat: 34 }, { lng: 119, lat: 35 })).toBeCloseTo(111.2, 0);
  });
  it('sweeps stops on a line from one end to the other, whatever order they were given in', () => {
    const stops = [at('c', 119.3, 34.6), at('a', 119.1, 34.6), at('e', 119.5, 34.6), at('b', 119.2, 34.6), at('d', 119.4, 34.6)];
    const order = pickupOrder(stops);
    expect([order, [...order].reverse()]).toContainEqual(['a', 'b', 'c', 'd', 'e']);
  });
  it('starts at the far end, keeps one building (a household) together and visits the nearest next', () => {
    const order = pickupOrder([at('home1', 119.1, 34.6), at('far', 119.9, 34.9), at('near', 119.12, 34.6), at('home2', 119.1, 34.6)]);
    expect(order).toEqual(['far', 'near', 'home1', 'home2']);
  });
  it('without coordinates groups by street, then community', () => {
    const s = (id: string, areaCode: string): Stop => ({ id, areaCode, lng: null, lat: null });
    const order = pickupOrder([s('b2', '320706002001001001'), s('a1', '320706001001001001'), s('b1', '320706002001001002'), s('a2', '320706001002001001')]);
    expect(order).toEqual(['a1', 'a2', 'b2', 'b1']);
  });
  it('located stops first (nearest-neighbour), then the others grouped', () => {
    const order = pickupOrder([{ id: 'x', areaCode: '320706009', lng: null, lat: null }, at('p', 119.1, 34.6), at('q', 119.2, 34.6)]);
    expect(order[2]).toBe('x');
  });
});
