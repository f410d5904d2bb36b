import { distanceKm, placeOf, positionErrors } from './position';

const lianyungang = { lng: 119.22, lat: 34.6 };

describe('sentinel positions (pure)', () => {
  it('measures great-circle distances', () => {
    expect(distanceKm(lianyungang, lianyungang)).toBe(0);
    // One degree of latitude is about 111 km.
    expect(distanceKm({ lng: 119, lat: 34 }, { lng: 119, lat: 35 })).toBeCloseTo(111.2, 0);
  });

  it('takes both coordinates or neither, in range, near the area', () => {
    expect(positionErrors({}, lianyungang)).toEqual({});
    expect(positionErrors({ lng: 119.3, lat: 34.65 }, lianyungang)).toEqual({});
    expect(positionErrors({ lng: 119.3, lat: 34.65 }, null)).toEqual({}); // no centroid to compare with
    expect(positionErrors({ lng: 119.3 }, lianyungang)).toEqual({ lat: expect.stringContaining('both or neither') });
    expect(positionErrors({ lat: 34.6 }, lianyungang)).toEqual({ lng: expect.stringContaining('both or neither') });
    expect(positionErrors({ lng: 200, lat: 95 }, null)).toEqual({ lng: expect.stringContaining('-180 to 180'), lat: expect.stringContaining('-90 to 90') });
    expect(positionErrors({ lng: Number.NaN, lat: 34 }, null)).toHaveProperty('lng');
    // Beijing is far from a Lianyungang street.
    expect(positionErrors({ lng: 116.4, lat: 39.9 }, lianyungang).lng).toMatch(/km from the area's centre/);
  });

  it('places a sentinel at its own point, else its area centroid, else nowhere', () => {
    expect(placeOf({ lng: 119.3, lat: 34.7 }, { lng: 119, lat: 34 })).toEqual({ lng: 119.3, lat: 34.7, placed: 'own' });
    expect(placeOf({ lng: null, lat: null }, { lng: 119, lat: 34 })).toEqual({ lng: 119, lat: 34, placed: 'centroid' });
    expect(placeOf({ lng: null, lat: null }, { lng: null, lat: null })).toBeNull();
  });
});
