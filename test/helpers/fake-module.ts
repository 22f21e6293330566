import { Type } from '@sinclair/typebox';
import type { FeatureModule } from '../../core/internal.js';

/**
 * A tiny module contributing two admin routes, to prove module routes are mounted generically,
 * guarded by their permission and documented.
 *
 * @example
 * const { injectAs } = await build(t, { modules: [...allModules, fakeModule] });
 */
export const fakeModule: FeatureModule = {
  name: 'fake',
  permissions: [
    { name: 'fake.read', roles: ['operator'], description: 'Read fake things' },
    { name: 'fake.write', roles: ['operator'], description: 'Write fake things' },
  ],
  setup(api) {
    const notes: Record<number, string[]> = {};
    api.adminRoute({
      method: 'GET', path: '/notes', summary: 'List fake notes', permission: 'fake.read',
      schema: { response: { 200: Type.Object({ tenant: Type.String(), notes: Type.Array(Type.String()) }) } },
      handler: async (req) => ({ status: 200, body: { tenant: req.tenant.slug, notes: notes[req.tenant.id] ?? [] } }),
    });
    api.adminRoute({
      method: 'POST', path: '/notes', summary: 'Add a fake note', permission: 'fake.write',
      schema: {
        body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 50 }) }, { additionalProperties: false }),
        response: { 201: Type.Object({ id: Type.Integer(), text: Type.String() }) },
      },
      handler: async (req) => {
        const list = (notes[req.tenant.id] ??= []);
        list.push(req.body.text);
        return { status: 201, body: { id: list.length, text: req.body.text } };
      },
    });
  },
};
