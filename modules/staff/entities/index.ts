/** Entities of the staff registry, in dependency order. */
import { StaffGroup } from './staff-group.js';
import { StaffInvitation } from './staff-invitation.js';
import { StaffLink } from './staff-link.js';
import { StaffMember } from './staff-member.js';
import { StaffMembership } from './staff-membership.js';

export { StaffGroup, StaffMember, StaffMembership, StaffLink, StaffInvitation };

export const staffEntities = [StaffGroup, StaffMember, StaffMembership, StaffLink, StaffInvitation];
