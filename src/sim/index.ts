/** The synthetic city: pure and seeded — the same seed always builds the same city. */
export { planCity, type PlanOptions } from './plan';
export { iteratePeople } from './people';
export { generateVenues, iterateCheckins, type SimVenue, type SimCheckin, type VenueType } from './venues';
export type { CityPlan, SimArea, SimPerson, SimResponsible, SimGrid } from './types';
