// The back office's one map (reports and tasks): GeoJSON points as clustered Leaflet markers, each with
// a popup linking to its detail page, and the same points as a plain list below the map, so nothing is
// reachable only by pointer or only by sight. Leaflet and its cluster plugin are served from
// node_modules at /admin/vendor/ (classic scripts: the cluster plugin extends the global `L`); the tile
// server comes from GET /map/settings. With no tile reachable the markers still draw on a blank map.
import { api } from './api.js';
import { announce, h, replace } from './dom.js';
import { num, t } from './i18n.js';

/** Longer than every timer Leaflet and markercluster run after a wheel, a zoom or a cluster animation. */
const MAP_STILL_MS = 600;

const VENDOR = '/admin/vendor';
const STYLES = [`${VENDOR}/leaflet/leaflet.css`, `${VENDOR}/leaflet.markercluster/MarkerCluster.css`];
const SCRIPTS = [`${VENDOR}/leaflet/leaflet.js`, `${VENDOR}/leaflet.markercluster/leaflet.markercluster.js`];
/** Italy, when there is nothing to fit. */
const HOME = { center: [42.5, 12.5], zoom: 5 };

let loading = null;
let settings = null;

/** Loads the stylesheets and scripts once per page (a `<script src>` from 'self' passes the CSP). */
function loadLeaflet() {
  loading ??= (async () => {
    for (const href of STYLES) document.head.append(h('link', { rel: 'stylesheet', href }));
    for (const src of SCRIPTS) {
      await new Promise((resolve, reject) => {
        document.head.append(h('script', { src, onload: resolve, onerror: () => reject(new Error(`${src} did not load`)) }));
      });
    }
    return window.L;
  })();
  loading.catch(() => { loading = null; });
  return loading;
}

/** Leaflet writes the attribution as HTML: the deployment's credit is text, so it is escaped. */
const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Links "List | Map" for a page with both views (`?view=map`), the current one marked.
 * @example viewSwitch('#/reports?status=open', 'map')
 */
export function viewSwitch(listHref, mapHref, current) {
  const link = (href, key, view) => h('a', { href, ...(current === view ? { 'aria-current': 'page' } : {}) }, t(key));
  return h('nav', { class: 'view-switch', 'aria-label': t('map.views') },
    h('ul', { class: 'chips' }, h('li', {}, link(listHref, 'map.viewList', 'list')), h('li', {}, link(mapHref, 'map.viewMap', 'map'))));
}

/**
 * Draws `features` (GeoJSON Features; those without a Point are only counted) in `box`, which must be
 * in the document. `describe(feature)` gives `{ label, href, details: [strings] }` for the marker, its
 * popup and the list. `onArea(bbox)`, when given, adds a "search this area" button passing the visible
 * area as `minLon,minLat,maxLon,maxLat`. Returns a cleanup that removes the map.
 *
 * @example
 * const cleanup = await mountMap(box, { features, label: t('reports.title'), describe: (f) => ({ label: f.id, href: `#/reports/${f.id}`, details: [] }) });
 */
export async function mountMap(box, { features, label, describe, onArea }) {
  const [L, map] = await Promise.all([loadLeaflet(), settings ?? api('GET', '/map/settings')]);
  settings = map;
  const points = features.filter((f) => f.geometry?.type === 'Point' && Array.isArray(f.geometry.coordinates))
    .map((f) => ({ feature: f, latLng: [f.geometry.coordinates[1], f.geometry.coordinates[0]], ...describe(f) }));
  const canvas = h('div', { class: 'map-canvas', role: 'region', 'aria-label': t('map.label', { what: label }) });
  const listId = `map-list-${Math.random().toString(36).slice(2, 8)}`;
  const areaButton = onArea ? h('button', { type: 'button', class: 'btn btn-small' }, t('map.searchArea')) : null;
  replace(box,
    h('p', { class: 'muted' }, t('map.summary', { n: num(points.length) }), ' ',
      features.length > points.length ? t('map.withoutPosition', { n: num(features.length - points.length) }) : '', ' ',
      points.length ? h('a', { href: `#${listId}`, onclick: (e) => { e.preventDefault(); document.getElementById(listId)?.querySelector('a')?.focus(); } }, t('map.skipToList')) : null),
    canvas,
    areaButton ? h('p', {}, areaButton) : null,
    h('h2', { class: 'map-list-title' }, t('map.listTitle')),
    points.length
      ? h('ul', { id: listId, class: 'map-list' }, points.map((p) => h('li', {}, h('a', { href: p.href }, p.label), p.details.filter(Boolean).map((d) => [' · ', d]))))
      : h('p', {}, t('map.empty')));

  L.Icon.Default.imagePath = `${VENDOR}/leaflet/images/`;
  const leaflet = L.map(canvas, { zoomControl: false, keyboard: true });
  L.control.zoom({ zoomInTitle: t('map.zoomIn'), zoomOutTitle: t('map.zoomOut') }).addTo(leaflet);
  leaflet.attributionControl.setPrefix(false);
  // A tile that does not load only leaves the background blank: the markers are drawn regardless.
  L.tileLayer(settings.tileUrl, { maxZoom: 19, attribution: escapeHtml(settings.attribution) }).addTo(leaflet);
  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false, maxClusterRadius: 50,
    // Built as a DOM node (no HTML string); the hidden text names the cluster for screen readers.
    iconCreateFunction: (cluster) => L.divIcon({
      className: 'map-cluster', iconSize: L.point(40, 40),
      html: h('span', {}, h('span', { 'aria-hidden': 'true' }, num(cluster.getChildCount())), h('span', { class: 'visually-hidden' }, t('map.cluster', { n: num(cluster.getChildCount()) }))),
    }),
  });
  for (const p of points) {
    const marker = L.marker(p.latLng, { alt: p.label, title: p.label, keyboard: true });
    marker.bindPopup(() => h('div', { class: 'map-popup' },
      h('p', {}, h('a', { href: p.href }, p.label)),
      p.details.filter(Boolean).map((d) => h('p', {}, d))));
    clusters.addLayer(marker);
  }
  leaflet.addLayer(clusters);
  leaflet.on('popupopen', (e) => {
    const el = e.popup.getElement();
    const close = el?.querySelector('.leaflet-popup-close-button');
    if (close) { close.setAttribute('aria-label', t('map.closePopup')); close.title = t('map.closePopup'); }
    // Keyboard users land on the link: Enter opens the detail, Escape closes the popup.
    el?.querySelector('.map-popup a')?.focus({ preventScroll: true });
  });
  if (points.length) leaflet.fitBounds(L.latLngBounds(points.map((p) => p.latLng)), { padding: [30, 30], maxZoom: 17 });
  else leaflet.setView(HOME.center, HOME.zoom);
  areaButton?.addEventListener('click', () => {
    const b = leaflet.getBounds();
    const clamp = (v, lim) => Math.max(-lim, Math.min(lim, v)).toFixed(6);
    onArea([clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)].join(','));
  });
  announce(t('map.summary', { n: num(points.length) }));
  // Leaflet 1.9.4 and markercluster finish a wheel zoom and a cluster animation on their own timers
  // (the wheel's 40 ms debounce, the zoom's 250 ms, markercluster's 200 ms after the zoom ends), which
  // read the map's panes: a map removed before they run throws "_leaflet_pos of undefined". Found by
  // pressing "search this area" right after a wheel zoom (test/admin-ui/map-area-ui.test.ts). The page
  // has already left the document, so the map is removed once it has been still for a while.
  let zooming = false;
  leaflet.on('zoomanim', () => { zooming = true; }).on('zoomend', () => { zooming = false; });
  return () => {
    leaflet.stop();
    const removeWhenStill = () => {
      if (zooming) leaflet.once('zoomend', () => setTimeout(removeWhenStill, MAP_STILL_MS));
      else leaflet.remove();
    };
    setTimeout(removeWhenStill, MAP_STILL_MS);
  };
}
