import { Type, type Static } from '@sinclair/typebox';

/** The deployment's map background for the admin UI's maps (MAP_TILE_URL, MAP_TILE_ATTRIBUTION). */
export const MapSettings = Type.Object({
  tileUrl: Type.String({ description: 'XYZ tile template for Leaflet, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png', examples: ['https://tile.openstreetmap.org/{z}/{x}/{y}.png'] }),
  attribution: Type.String({ description: 'The tile provider\'s credit, plain text, shown on every map', examples: ['© OpenStreetMap contributors'] }),
}, { additionalProperties: false });
export type MapSettings = Static<typeof MapSettings>;
