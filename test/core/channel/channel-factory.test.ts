import { Type } from '@sinclair/typebox';
import t from 'tap';
import { accountFields, checkAccountConfig, defineChannel } from '../../../core/internal.js';
import { MemoryAdapter } from '../../../adapters/memory/index.js';

const echo = defineChannel({
  channel: 'echo',
  accountSchema: Type.Object({
    token: Type.String({ minLength: 1, writeOnly: true }),
    hookSecret: Type.Optional(Type.String({ writeOnly: true })),
    rate: Type.Optional(Type.String({ pattern: '^[1-9][0-9]*$' })),
    label: Type.Optional(Type.String()),
  }),
  fromEnv: () => undefined,
  fromAccount: (account) => new MemoryAdapter({ account: account.name }),
  identityKey: (adapter) => adapter.account,
});

t.test('accountFields splits an account schema into settings, write-only secrets and required fields', async (t) => {
  t.same(accountFields(echo.accountSchema), { settings: ['rate', 'label'], secrets: ['token', 'hookSecret'], required: ['token'] });
});

t.test('checkAccountConfig keeps declared, trimmed, non-empty strings and names what is wrong', async (t) => {
  t.same(checkAccountConfig(echo, { token: ' abc ', label: '', other: 'dropped', rate: '5' }), { config: { token: 'abc', rate: '5' } });
  t.same(checkAccountConfig(echo, { token: '  ' }), { problem: 'the secret "token" is not set' });
  const twoMissing = defineChannel({ ...echo, accountSchema: Type.Object({ a: Type.String({ writeOnly: true }), b: Type.String() }) });
  t.same(checkAccountConfig(twoMissing, {}), { problem: 'missing "a", "b"' });
  const bad = checkAccountConfig(echo, { token: 'x', rate: 'fast' });
  t.ok('problem' in bad && bad.problem.startsWith('"rate" '), `a value of the wrong shape is named (${JSON.stringify(bad)})`);
});
