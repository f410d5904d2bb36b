import { cacheControlOf } from './app';

describe('cache rules of the web app files', () => {
  it('keeps hashed build assets (and their brotli/gzip copies) a year, revalidates everything else', () => {
    const year = 'public, max-age=31536000, immutable';
    expect(cacheControlOf('/srv/dist/web/assets/antd-CxwZAPx4.js')).toBe(year);
    expect(cacheControlOf('/srv/dist/web/assets/index-vljPie_1.js.br')).toBe(year);
    expect(cacheControlOf('/srv/dist/web/assets/GridMapView-DNVN2dqC.css.gz')).toBe(year);
    expect(cacheControlOf('/srv/dist/web/index.html')).toBe('no-cache');
    expect(cacheControlOf('/srv/dist/web/index.html.br')).toBe('no-cache');
    expect(cacheControlOf('/srv/dist/web/favicon.svg')).toBe('no-cache');
    // A file in assets/ without a build hash may change under its name.
    expect(cacheControlOf('/srv/dist/web/assets/logo.png')).toBe('no-cache');
  });
});
