import maplibregl, { type Map as MapLibreMap, type MapLayerMouseEvent } from 'maplibre-gl';

export interface TooltipText {
  name: string;
  figure: string | null;
}

type Describe = (properties: Record<string, unknown>) => TooltipText;

/**
 * A small popup with the name and the figure of what is under the pointer (hover on a desk, tap on a
 * phone), for the grid polygons and the point markers; the hovered polygon's outline is drawn bold.
 * Text is set as DOM text, never HTML: names come from imported files.
 */
export function attachTooltips(m: MapLibreMap, { grid, point, hoverKey }: { grid: Describe; point: Describe; hoverKey: string }): void {
  const popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, offset: 10, className: 'epigrid-map-tip', maxWidth: '240px' });
  const show = (e: MapLayerMouseEvent, describe: Describe) => {
    const props = (e.features?.[0]?.properties ?? {}) as Record<string, unknown>;
    popup
      .setLngLat(e.lngLat)
      .setDOMContent(content(describe(props)))
      .addTo(m);
    return props;
  };
  let overPoint = false;
  m.on('mousemove', 'points', (e) => {
    overPoint = true;
    m.getCanvas().style.cursor = 'pointer';
    show(e, point);
  });
  m.on('mouseleave', 'points', () => {
    overPoint = false;
    m.getCanvas().style.cursor = '';
    popup.remove();
  });
  m.on('mousemove', 'grid-fill', (e) => {
    if (overPoint) return; // the marker on top speaks
    const props = show(e, grid);
    m.setFilter('grid-hover', ['==', ['get', hoverKey], typeof props[hoverKey] === 'string' ? props[hoverKey] : '']);
  });
  m.on('mouseleave', 'grid-fill', () => {
    m.setFilter('grid-hover', ['==', ['get', hoverKey], '']);
    if (!overPoint) popup.remove();
  });
  // A tap has no hover: it opens the same popup, and a tap on empty ground closes it.
  m.on('click', (e) => {
    const [hit] = m.queryRenderedFeatures(e.point, { layers: ['points', 'grid-fill'] });
    if (!hit) return void popup.remove();
    const describe = hit.layer.id === 'points' ? point : grid;
    popup
      .setLngLat(e.lngLat)
      .setDOMContent(content(describe(hit.properties)))
      .addTo(m);
  });
}

function content({ name, figure }: TooltipText): HTMLElement {
  const box = document.createElement('div');
  box.dataset.testid = 'map-tooltip';
  const strong = document.createElement('strong');
  strong.textContent = name;
  box.append(strong);
  if (figure) {
    const line = document.createElement('div');
    line.textContent = figure;
    box.append(line);
  }
  return box;
}
