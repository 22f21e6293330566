/**
 * The staff registry: members with their groups, and groups. Every write runs in one transaction, so a
 * member is never saved without its groups.
 */
import type { SqlEntityManager } from '@mikro-orm/knex';
import { StaffGroup, StaffLink, StaffMember, StaffMembership } from '../entities/index.js';
import { StaffError } from './staff-error.js';

/** A member as the admin API shows it. */
export interface MemberDto {
  id: number;
  name: string;
  role: string;
  phone: string | null;
  email: string | null;
  active: boolean;
  onDuty: boolean;
  groups: { id: number; name: string }[];
  /** Chats linked to this member. */
  linkedIdentities: number;
}

/** What an admin sends to create or replace a member. */
export interface MemberInput {
  name: string;
  role?: string;
  phone?: string | null;
  email?: string | null;
  active?: boolean;
  groupIds?: number[];
}

/** A group as the admin API shows it. */
export interface GroupDto {
  id: number;
  name: string;
  onDutyMode: boolean;
  memberCount: number;
}

export async function listMembers(em: SqlEntityManager, query: { groupId?: number; active?: boolean } = {}): Promise<MemberDto[]> {
  let members = await em.find(StaffMember, query.active === undefined ? {} : { active: query.active }, { orderBy: { name: 'asc', id: 'asc' } });
  if (query.groupId !== undefined) {
    const ids = new Set((await em.find(StaffMembership, { group: query.groupId })).map((m) => m.member.id));
    members = members.filter((m) => ids.has(m.id));
  }
  return toMemberDtos(em, members);
}

export async function findMember(em: SqlEntityManager, id: number): Promise<StaffMember> {
  const member = await em.findOne(StaffMember, { id });
  if (!member) throw new StaffError(404, 'STAFF_NOT_FOUND', `Staff member ${id} does not exist: list them with GET /staff/members.`);
  return member;
}

export async function memberDto(em: SqlEntityManager, id: number): Promise<MemberDto> {
  const [dto] = await toMemberDtos(em, [await findMember(em, id)]);
  return dto as MemberDto;
}

export async function createMember(em: SqlEntityManager, tenantId: number, input: MemberInput): Promise<MemberDto> {
  const id = await em.transactional(async (tx) => {
    const member = tx.create(StaffMember, { tenant: tenantId, ...memberFields(input) });
    await tx.flush();
    await setGroups(tx, tenantId, member, input.groupIds ?? []);
    return member.id;
  });
  return memberDto(em, id);
}

export async function updateMember(em: SqlEntityManager, tenantId: number, id: number, input: MemberInput): Promise<MemberDto> {
  await em.transactional(async (tx) => {
    const member = await findMember(tx, id);
    tx.assign(member, memberFields(input));
    if (input.groupIds) await setGroups(tx, tenantId, member, input.groupIds);
  });
  em.clear();
  return memberDto(em, id);
}

export async function listGroups(em: SqlEntityManager): Promise<GroupDto[]> {
  const groups = await em.find(StaffGroup, {}, { orderBy: { name: 'asc' } });
  const memberships = await em.find(StaffMembership, {});
  return groups.map((g) => ({ id: g.id, name: g.name, onDutyMode: g.onDutyMode, memberCount: memberships.filter((m) => m.group.id === g.id).length }));
}

export async function saveGroup(em: SqlEntityManager, tenantId: number, input: { name: string; onDutyMode?: boolean }, id?: number): Promise<GroupDto> {
  const name = input.name.trim();
  if (!name) throw new StaffError(400, 'STAFF_INVALID', 'A group needs a name.');
  const clash = await em.findOne(StaffGroup, { name });
  if (clash && clash.id !== id) throw new StaffError(409, 'STAFF_DUPLICATE', `A group named "${name}" exists already (id ${clash.id}).`);
  let group: StaffGroup;
  if (id === undefined) group = em.create(StaffGroup, { tenant: tenantId, name, onDutyMode: input.onDutyMode ?? false });
  else {
    const found = await em.findOne(StaffGroup, { id });
    if (!found) throw new StaffError(404, 'STAFF_NOT_FOUND', `Group ${id} does not exist: list them with GET /staff/groups.`);
    group = em.assign(found, { name, onDutyMode: input.onDutyMode ?? found.onDutyMode });
  }
  await em.flush();
  return (await listGroups(em)).find((g) => g.id === group.id) as GroupDto;
}

export async function deleteGroup(em: SqlEntityManager, id: number): Promise<void> {
  const group = await em.findOne(StaffGroup, { id });
  if (!group) throw new StaffError(404, 'STAFF_NOT_FOUND', `Group ${id} does not exist: list them with GET /staff/groups.`);
  await em.remove(group).flush();
}

/** Removes every chat link of the member: staff access ends at once. */
export async function unlinkMember(em: SqlEntityManager, id: number): Promise<{ unlinked: number }> {
  await findMember(em, id);
  const unlinked = await em.nativeDelete(StaffLink, { member: id });
  return { unlinked };
}

/** Member ids → their groups, for many members in one query. */
export async function groupsOf(em: SqlEntityManager, memberIds: readonly number[]): Promise<Map<number, { id: number; name: string }[]>> {
  const result = new Map<number, { id: number; name: string }[]>();
  if (memberIds.length === 0) return result;
  const rows = await em.find(StaffMembership, { member: { $in: [...memberIds] } }, { populate: ['group'], orderBy: { group: { name: 'asc' } } });
  for (const row of rows) {
    const list = result.get(row.member.id) ?? [];
    list.push({ id: row.group.id, name: row.group.name });
    result.set(row.member.id, list);
  }
  return result;
}

async function toMemberDtos(em: SqlEntityManager, members: readonly StaffMember[]): Promise<MemberDto[]> {
  const ids = members.map((m) => m.id);
  const groups = await groupsOf(em, ids);
  const links = ids.length ? await em.find(StaffLink, { member: { $in: ids } }) : [];
  return members.map((m) => ({
    id: m.id, name: m.name, role: m.role, phone: m.phone ?? null, email: m.email ?? null, active: m.active, onDuty: m.onDuty,
    groups: groups.get(m.id) ?? [], linkedIdentities: links.filter((l) => l.member.id === m.id).length,
  }));
}

function memberFields(input: MemberInput): Pick<StaffMember, 'name' | 'role' | 'phone' | 'email' | 'active'> {
  const name = input.name.trim();
  if (!name) throw new StaffError(400, 'STAFF_INVALID', 'A staff member needs a name.');
  return { name, role: input.role?.trim() ?? '', phone: input.phone?.trim() || null, email: input.email?.trim() || null, active: input.active ?? true };
}

async function setGroups(em: SqlEntityManager, tenantId: number, member: StaffMember, groupIds: readonly number[]): Promise<void> {
  const wanted = [...new Set(groupIds)];
  const groups = wanted.length ? await em.find(StaffGroup, { id: { $in: wanted } }) : [];
  const missing = wanted.filter((id) => !groups.some((g) => g.id === id));
  if (missing.length) throw new StaffError(400, 'STAFF_INVALID', `Unknown group id(s) ${missing.join(', ')}: create the group first (POST /staff/groups).`);
  await em.nativeDelete(StaffMembership, { member: member.id });
  for (const group of groups) em.create(StaffMembership, { tenant: tenantId, member, group });
  await em.flush();
}
