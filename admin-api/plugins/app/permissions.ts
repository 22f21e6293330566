import fp from 'fastify-plugin';
import { ROLES, type Permission, type Role } from '../../../core/internal.js';

/** A permission plus where it comes from (null: the admin API itself). */
export interface PermissionEntry extends Permission {
  readonly module: string | null;
  /** Only a superadmin holds it (it spans comuni). */
  readonly global?: boolean;
}

/**
 * The admin API's own permissions. Superadmin holds all; mayor holds every non-global one of their
 * comune; the other roles hold what lists them. The notification engine's routes use `notices.*`.
 */
export const BUILTIN_PERMISSIONS: readonly PermissionEntry[] = [
  { name: 'tenants.manage', roles: [], description: 'Create, change and delete comuni', module: null, global: true },
  { name: 'users.read', roles: [], description: 'List the comune\'s admin users', module: null },
  { name: 'users.write', roles: [], description: 'Create, change and remove admin users', module: null },
  { name: 'categories.read', roles: ['editor', 'operator', 'staff-manager'], description: 'Read notice categories', module: null },
  { name: 'categories.write', roles: ['editor'], description: 'Create, change, reorder and delete categories', module: null },
  { name: 'notices.read', roles: ['editor'], description: 'Read notices and their statistics', module: null },
  { name: 'notices.write', roles: ['editor'], description: 'Write, schedule and cancel notices, upload media', module: null },
  { name: 'notices.send', roles: ['editor'], description: 'Send notices', module: null },
  { name: 'people.read', roles: ['operator'], description: 'List and search people and subscribers', module: null },
  { name: 'people.erase', roles: [], description: 'Erase a person and all their data', module: null },
  { name: 'stats.read', roles: ['editor', 'operator', 'staff-manager'], description: 'Read the comune\'s statistics', module: null },
  { name: 'channels.read', roles: [], description: 'Read channel accounts (never their secrets)', module: null },
  { name: 'channels.write', roles: [], description: 'Configure channel accounts and their credentials', module: null },
  { name: 'audit.read', roles: [], description: 'Read the audit log', module: null },
  { name: 'retention.read', roles: ['operator'], description: 'Read how long conversations, media and positions are kept', module: null },
  { name: 'retention.write', roles: [], description: 'Change how long conversations, media and positions are kept', module: null },
  { name: 'public.read', roles: ['editor', 'operator'], description: 'Read the public archive settings (on/off, colour, logo)', module: null },
  { name: 'public.write', roles: [], description: 'Switch the public archive, feeds and widget on or off; set colour and logo', module: null },
];

/** The permission table: built-ins plus every module's declarations. */
export class Permissions {
  private readonly byName = new Map<string, PermissionEntry>();

  constructor(entries: readonly PermissionEntry[]) {
    for (const entry of entries) {
      if (this.byName.has(entry.name)) throw new Error(`Permission "${entry.name}" is declared twice (${entry.module ?? 'admin-api'}): give it a module prefix.`);
      this.byName.set(entry.name, entry);
    }
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  all(): PermissionEntry[] {
    return [...this.byName.values()];
  }

  /** Whether `role` holds `permission` (within its own comune). */
  allows(role: Role, permission: string): boolean {
    const entry = this.byName.get(permission);
    if (!entry) return false;
    if (role === 'superadmin') return true;
    if (entry.global) return false;
    return role === 'mayor' || entry.roles.includes(role);
  }

  /** Every permission a role holds. */
  of(role: Role): string[] {
    return this.all().filter((p) => this.allows(role, p.name)).map((p) => p.name);
  }

  roles(): { role: Role; permissions: string[] }[] {
    return ROLES.map((role) => ({ role, permissions: this.of(role) }));
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Who may do what: built-in and module permissions. */
    permissions: Permissions;
  }
}

/**
 * Decorates `fastify.permissions` from the built-ins and `campanile.modules.permissions`.
 *
 * @example
 * fastify.permissions.allows('editor', 'categories.write'); // true
 */
export default fp(
  async (fastify) => {
    const modules = fastify.campanile.modules;
    const fromModules: PermissionEntry[] = modules.permissions.map((p) => ({
      ...p,
      module: modules.modules.find((m) => m.permissions?.includes(p))?.name ?? null,
    }));
    fastify.decorate('permissions', new Permissions([...BUILTIN_PERMISSIONS, ...fromModules]));
  },
  { name: 'permissions', dependencies: ['campanile'] },
);
