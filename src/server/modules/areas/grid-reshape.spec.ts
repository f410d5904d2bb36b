import { describe, expect, it } from 'vitest';
import { buildingMoves, geometryArea, overlappingParts, unionOf } from './grid-reshape';
import type { GridGeometry, Ring } from './polygon-check';

const box = (x0: number, y0: number, x1: number, y1: number): GridGeometry => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ] as Ring,
  ],
});

describe('grid reshape geometry', () => {
  it('merges grids sharing an edge into one polygon, and keeps apart those that do not touch', () => {
    const merged = unionOf([box(119, 34, 119.01, 34.01), box(119.01, 34, 119.02, 34.01)]);
    expect(merged.type).toBe('Polygon');
    expect(geometryArea(merged)).toBeCloseTo(0.0002, 10);
    const apart = unionOf([box(119, 34, 119.01, 34.01), box(119.05, 34, 119.06, 34.01)]);
    expect(apart.type).toBe('MultiPolygon');
    expect(geometryArea(apart)).toBeCloseTo(0.0002, 10);
  });

  it('finds overlapping parts of a split, but lets adjacent parts share an edge', () => {
    expect(overlappingParts([box(119, 34, 119.01, 34.01), box(119.01, 34, 119.02, 34.01)])).toBeNull();
    const o = overlappingParts([box(119, 34, 119.01, 34.01), box(119.02, 34, 119.03, 34.01), box(119.005, 34, 119.015, 34.01)]);
    expect(o).toMatchObject({ first: 0, second: 2 });
    expect(o?.share).toBeCloseTo(0.5, 6);
  });

  it('moves only buildings whose grid, or whose new grid, was redrawn', () => {
    const grids = [
      { code: 'A', geometry: box(119, 34, 119.01, 34.01) },
      { code: 'B', geometry: box(119.01, 34, 119.02, 34.01) },
      { code: 'C', geometry: box(119.02, 34, 119.03, 34.01) },
    ];
    const moves = buildingMoves(
      grids,
      [
        { code: 'a-in-b', grid: 'A', lng: 119.015, lat: 34.005 }, // A redrawn: moves to B
        { code: 'b-in-a', grid: 'B', lng: 119.005, lat: 34.005 }, // into redrawn A: moves
        { code: 'b-in-c', grid: 'B', lng: 119.025, lat: 34.005 }, // B and C untouched: stays
        { code: 'a-nowhere', grid: 'A', lng: 119.5, lat: 34.5 }, // in no grid: stays
        { code: 'a-no-point', grid: 'A', lng: null, lat: null },
        { code: 'a-home', grid: 'A', lng: 119.001, lat: 34.001 },
      ],
      new Set(['A']),
    );
    expect(moves).toEqual([
      { building: 'a-in-b', from: 'A', to: 'B' },
      { building: 'b-in-a', from: 'B', to: 'A' },
    ]);
  });
});
