import { describe, expect, it } from 'vitest';
import { foundInsideControl } from './finding-class';

describe('管控内 / 社会面 classification of a new case', () => {
  it('found in a quarantine room (in-stay test positive): inside control', () => {
    expect(foundInsideControl({ statuses: ['case_candidate', 'centralised_quarantine', 'close_contact', 'none'], livePlacement: true })).toBe(true);
    // Even if the status history were lost, the live placement alone says so.
    expect(foundInsideControl({ statuses: ['case_candidate'], livePlacement: true })).toBe(true);
  });
  it('found at home control (home quarantine, pool positive then single tube positive): inside control', () => {
    expect(foundInsideControl({ statuses: ['case_candidate', 'home_quarantine', 'none'], livePlacement: false })).toBe(true);
    expect(foundInsideControl({ statuses: ['home_monitoring'], livePlacement: false })).toBe(true);
  });
  it('found by community screening (temporary control only because of its pool): 社会面', () => {
    expect(foundInsideControl({ statuses: ['case_candidate', 'temporary_control', 'none'], livePlacement: false })).toBe(false);
    expect(foundInsideControl({ statuses: ['temporary_control', 'none'], livePlacement: false })).toBe(false);
  });
  it('found at a fever clinic with no control before: 社会面', () => {
    expect(foundInsideControl({ statuses: ['none'], livePlacement: false })).toBe(false);
    expect(foundInsideControl({ statuses: ['case_candidate', 'none'], livePlacement: false })).toBe(false);
    expect(foundInsideControl({ statuses: ['spacetime_companion'], livePlacement: false })).toBe(false);
  });
  it('a confirmed close contact found positive in screening before being placed: inside control', () => {
    expect(foundInsideControl({ statuses: ['case_candidate', 'close_contact'], livePlacement: false })).toBe(true);
  });
});
