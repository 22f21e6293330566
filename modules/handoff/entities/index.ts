/** Entities of the handoff module, in dependency order. */
import { HandoffCannedReply } from './canned-reply.js';
import { HandoffConversation } from './handoff-conversation.js';
import { HandoffMessage } from './handoff-message.js';
import { HandoffNote } from './handoff-note.js';
import { OperatorAlert } from './operator-alert.js';
import { OperatorPresence } from './operator-presence.js';

export { HandoffCannedReply, HandoffConversation, HandoffMessage, HandoffNote, OperatorAlert, OperatorPresence };
export { HANDOFF_STATES, OPEN_STATES, type HandoffState } from './handoff-conversation.js';
export { HANDOFF_DIRECTIONS, HANDOFF_MESSAGE_KINDS, type HandoffDirection, type HandoffMessageKind } from './handoff-message.js';
export { PRESENCE_STATUSES, type PresenceStatus } from './operator-presence.js';

export const handoffEntities = [HandoffConversation, HandoffMessage, HandoffNote, HandoffCannedReply, OperatorPresence, OperatorAlert];
