/**
 * `npm run admin:create`: creates an admin user from the command line (the first superadmin, or a
 * comune's mayor), on the database the server uses (DATABASE_URL, else SQLite under ./data).
 *
 *   npm run admin:create -- --email root@comune.it --password 'a long passphrase'
 *   npm run admin:create -- --email sindaco@comune.it --role mayor --tenant esempio
 *
 * The password may come from CAMPANILE_ADMIN_PASSWORD instead of the command line (shell history).
 */
import { parseArgs } from 'node:util';
import { UsersRepository } from '../admin-api/plugins/app/users.js';
import { ROLES, createCampanile, createLogger, loadConfig, type Role } from '../core/internal.js';
import { allModules } from '../modules/index.js';
import { MIN_PASSWORD } from '../admin-api/schemas/auth.js';

const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string', default: 'superadmin' }, tenant: { type: 'string' } } });
const email = values.email ?? process.env.CAMPANILE_ADMIN_EMAIL;
const password = values.password ?? process.env.CAMPANILE_ADMIN_PASSWORD;
const role = values.role as Role;
if (!email || !password || !ROLES.includes(role) || (role !== 'superadmin' && !values.tenant)) {
  console.error(`usage: npm run admin:create -- --email <e-mail> [--password <p> | CAMPANILE_ADMIN_PASSWORD=…] [--role ${ROLES.join('|')}] [--tenant <slug> (not for superadmin)]`);
  process.exit(2);
}
if (password.length < MIN_PASSWORD) {
  console.error(`The password is too short: use at least ${MIN_PASSWORD} characters (a few words make a good one).`);
  process.exit(2);
}
const campanile = await createCampanile({ config: loadConfig(process.env), log: createLogger({ level: 'warn' }), modules: allModules, adapters: [] });
try {
  let tenantId: number | null = null;
  if (role !== 'superadmin') {
    const tenant = await campanile.services.tenants.bySlug(values.tenant ?? '');
    if (!tenant) throw new Error(`No comune with slug "${values.tenant}": create it first (POST /api/v1/tenants).`);
    tenantId = tenant.id;
  }
  const user = await new UsersRepository(() => campanile.db.em.fork()).create({ email, password, role, tenantId });
  console.log(`Created ${user.role} ${user.email}${values.tenant && role !== 'superadmin' ? ` in ${values.tenant}` : ''}.`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await campanile.stop();
}
