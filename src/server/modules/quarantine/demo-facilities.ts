import type { AppContext } from '../../context';
import type { Actor } from '../auth/actor';
import { FacilitiesService } from './facilities.service';

/** A demo district's quarantine estate: one active site, a standby hotel, a field hospital and a designated hospital. */
export async function loadDemoFacilities(ctx: AppContext, actor: Actor, district = '320706'): Promise<number> {
  const svc = new FacilitiesService(ctx);
  const street =
    (await ctx.db.selectFrom('areas').select('code').where('parent_code', '=', district).orderBy('code').limit(1).executeTakeFirst())?.code ?? district;
  const site = await svc.create(actor, { name: '郁州集中隔离点', type: 'quarantine', areaCode: street, mode: 'active' });
  await svc.addRooms(actor, site.id, { floors: '2-7', rooms: '01-30' });
  await svc.update(actor, site.id, {
    zoning: { clean: true, buffer: true, contaminated: true, staffPassage: true, patientPassage: true, inspectedOn: ctx.clock.nowIso().slice(0, 10) },
    staffOnSite: 24,
  });
  const hotel = await svc.create(actor, { name: '海州宾馆（平急两用）', type: 'quarantine', areaCode: district, mode: 'standby', activationHours: 24 });
  await svc.addRooms(actor, hotel.id, { floors: '3-12', rooms: '01-20' });
  await svc.create(actor, { name: '海州方舱医院', type: 'fangcang', areaCode: district, rooms: 400, mode: 'standby', activationHours: 48 });
  await svc.create(actor, { name: '市第四人民医院（定点）', type: 'designated', areaCode: district, rooms: 100, mode: 'active' });
  return 4;
}
