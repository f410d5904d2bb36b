import { useTranslation } from 'react-i18next';
import { rampKey, type LegendEntry, type MapLegendSpec } from './legend';

const box: React.CSSProperties = {
  position: 'absolute',
  left: 8,
  bottom: 8,
  zIndex: 1,
  maxWidth: 220,
  padding: '6px 8px',
  background: 'rgba(255,255,255,0.92)',
  borderRadius: 4,
  boxShadow: '0 1px 4px rgba(0,0,0,0.2)',
  fontSize: 12,
  lineHeight: '18px',
  color: '#262626',
};

function Swatches({ entries, round }: { entries: LegendEntry[]; round?: boolean }) {
  return (
    <>
      {entries.map((e) => (
        <div key={e.label} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
          <span
            style={{
              width: 12,
              height: 12,
              flex: 'none',
              background: e.color,
              borderRadius: round ? 6 : 2,
              border: round ? '2px solid #fff' : '1px solid #8c8c8c',
              boxShadow: round ? '0 0 0 1px #bfbfbf' : undefined,
            }}
          />
          {e.label}
        </div>
      ))}
    </>
  );
}

/** What the map's colours mean: the ramp with its two ends (or named classes), then the markers. */
export function MapLegend({ spec, range, colors, basemap }: { spec: MapLegendSpec; range: [number, number]; colors: [string, string]; basemap: boolean }) {
  const { t } = useTranslation();
  const ramp = rampKey(spec, range, colors);
  return (
    <div style={box} data-testid="map-legend" aria-label={t('gridmap.legend')}>
      <div style={{ fontWeight: 600 }}>{spec.title}</div>
      {ramp && (
        <div style={{ width: 140 }}>
          <div style={{ height: 10, borderRadius: 2, background: ramp.gradient, border: '1px solid #d9d9d9' }} />
          <div style={{ display: 'flex', justifyContent: 'space-between', color: '#595959' }}>
            <span>{ramp.low.label}</span>
            <span>{ramp.high.label}</span>
          </div>
        </div>
      )}
      {spec.classes && <Swatches entries={spec.classes} />}
      {spec.points && <Swatches entries={spec.points} round />}
      {!basemap && <div style={{ color: '#8c8c8c', marginTop: 2 }}>{t('gridmap.noBasemap')}</div>}
    </div>
  );
}
