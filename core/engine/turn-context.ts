import type { SqlEntityManager } from '@mikro-orm/knex';
import type { ChannelCapabilities } from '../channel/capabilities.js';
import type { FormattedText } from '../channel/formatted-text.js';
import type { InboundMessage } from '../channel/inbound.js';
import type { ChoiceButton, OutboundMessage } from '../channel/outbound.js';
import type { Translator, Vars } from '../i18n/translator.js';
import type { ActiveDialog, DialogControl, DialogStatus } from '../module/dialog.js';
import type { ChannelIdentity } from '../storage/entities/channel-identity.js';
import type { ConversationData } from '../storage/entities/conversation-state.js';
import type { Person } from '../storage/entities/person.js';
import type { TenantInfo } from '../tenancy/tenant-info.js';
import type { Logger } from '../log.js';

/** A menu entry a module contributes to the main menu. */
export interface MenuEntry<C = TurnContext> {
  readonly id: string;
  /** Text key of the label. */
  readonly labelKey: string;
  readonly payload: string;
  /** Lower comes first. */
  readonly order?: number;
  /** Hide the entry for some people (e.g. staff-only menus). */
  readonly visible?: (ctx: C) => boolean | Promise<boolean>;
}

/**
 * A button a module offers when the bot could not answer (the Q&A's "non lo so"): the handoff module
 * offers a person. Null: nothing to offer to this person now. The module that answers never imports
 * the one that offers.
 */
export type FallbackOffer = (ctx: TurnContext) => ChoiceButton | null | Promise<ChoiceButton | null>;

/** What the engine needs to build a context; not part of the module author's API. */
export interface TurnInit {
  readonly tenant: TenantInfo;
  readonly message: InboundMessage;
  readonly person: Person;
  readonly identity: ChannelIdentity;
  readonly isNewPerson: boolean;
  readonly em: SqlEntityManager;
  readonly capabilities: ChannelCapabilities;
  readonly translator: Translator;
  readonly state: ConversationData;
  readonly menuEntries: readonly MenuEntry[];
  /** Buttons modules offer when the bot has no answer (`fallbackChoices`); none when left out. */
  readonly fallbackOffers?: readonly FallbackOffer[];
  readonly commands: readonly CommandHelp[];
  readonly log: Logger;
}

/** A command as help lists it. */
export interface CommandHelp {
  readonly name: string;
  readonly module: string;
  readonly descriptionKey: string;
}

/**
 * Everything one turn (one inbound message) sees: the tenant, the message, the person and their channel
 * identity, a tenant-scoped entity manager, texts in the person's language and a way to reply.
 *
 * Changes made through `em` and replies are committed together when the turn ends: the engine flushes in
 * one transaction, then sends the replies in order. A turn that throws leaves nothing half-written, and
 * the person never hears a reply about a change that was rolled back. Modules add their own fields
 * through typed flavors (`api.flavor<QaFlavor>(…)`), never through an untyped bag.
 *
 * @example
 * api.command('aiuto', async (ctx) => ctx.reply({ text: ctx.text('base.help') }));
 */
export class TurnContext {
  readonly tenant: TenantInfo;
  readonly message: InboundMessage;
  readonly person: Person;
  readonly identity: ChannelIdentity;
  /** True on the person's very first message. */
  readonly isNewPerson: boolean;
  /** Scoped to the tenant; flushed by the engine at the end of the turn (do not flush yourself). */
  readonly em: SqlEntityManager;
  readonly capabilities: ChannelCapabilities;
  readonly log: Logger;
  /**
   * The active dialog, if any, and `end()`. A dialog's steps see it typed by the dialog's data, with
   * `enter`/`goTo`; other handlers enter a dialog through its handle (`api.dialog()` returns it).
   */
  readonly dialog: DialogStatus;
  /** @internal read by the engine after the turn. */
  readonly replies: OutboundMessage[] = [];
  /** @internal set by `erasePerson()`. */
  erased = false;
  /** @internal conversation state, persisted by the engine. */
  readonly state: ConversationData;
  private readonly translator: Translator;
  private readonly menuEntries: readonly MenuEntry[];
  private readonly fallbackOffers: readonly FallbackOffer[];
  private readonly commandHelp: readonly CommandHelp[];

  constructor(init: TurnInit) {
    this.tenant = init.tenant;
    this.message = init.message;
    this.person = init.person;
    this.identity = init.identity;
    this.isNewPerson = init.isNewPerson;
    this.em = init.em;
    this.capabilities = init.capabilities;
    this.translator = init.translator;
    this.state = init.state;
    this.menuEntries = init.menuEntries;
    this.fallbackOffers = init.fallbackOffers ?? [];
    this.commandHelp = init.commands;
    this.log = init.log;
    this.dialog = dialogControl(this.state);
  }

  /** The person's language. */
  get locale(): string {
    return this.person.locale;
  }

  /** A plain text in the person's language. */
  t(key: string, vars: Vars = {}): string {
    return this.translator.t(this.locale, key, vars, this.tenant.texts);
  }

  /** A formatted text (`*bold*`, `_italic_`, links) in the person's language. */
  text(key: string, vars: Vars = {}): FormattedText {
    return this.translator.text(this.locale, key, vars, this.tenant.texts);
  }

  /** Queues a reply; replies go out in order once the turn's changes are committed. */
  reply(message: OutboundMessage): void {
    if (!message.text?.length && !message.attachment) throw new Error('reply() needs text or an attachment.');
    this.replies.push(message);
  }

  /** Scratch data of one module for this conversation (persisted with the conversation). */
  moduleData(module: string): Record<string, unknown> {
    const modules = (this.state.modules ??= {});
    return (modules[module] ??= {});
  }

  /** The main menu's choices visible to this person, in order. */
  async menuChoices(): Promise<ChoiceButton[]> {
    const visible: MenuEntry[] = [];
    for (const entry of this.menuEntries) if (!entry.visible || (await entry.visible(this))) visible.push(entry);
    return visible
      .sort((a, b) => (a.order ?? 100) - (b.order ?? 100))
      .map((entry) => ({ label: this.t(entry.labelKey), payload: entry.payload }));
  }

  /**
   * What other modules offer when this turn's module could not answer (e.g. "Parla con un operatore"),
   * in registration order; put them before the menu.
   *
   * @example
   * ctx.reply({ text: ctx.text('qa.fallback'), choices: [...await ctx.fallbackChoices(), ...await ctx.menuChoices()] });
   */
  async fallbackChoices(): Promise<ChoiceButton[]> {
    const out: ChoiceButton[] = [];
    for (const offer of this.fallbackOffers) {
      const choice = await offer(this);
      if (choice) out.push(choice);
    }
    return out;
  }

  /** Commands of the modules enabled for this tenant, for help texts. */
  commands(): CommandHelp[] {
    return this.commandHelp.filter((c) => this.tenant.enabledModules.includes(c.module));
  }

  /**
   * Erases the person when the turn ends: identities, subscriptions, state, history and every module's
   * rows. Replies queued in this turn are still sent (to the address the message came from).
   */
  erasePerson(): void {
    this.erased = true;
  }
}

// The one implementation behind every typed view: the persisted form is `{ id, step, data }`, data JSON.
function dialogControl(state: ConversationData): DialogControl {
  return {
    get active(): ActiveDialog | undefined {
      return state.dialog;
    },
    enter(id, step, data = {}) {
      state.dialog = { id, step, data };
    },
    goTo(step, data) {
      if (!state.dialog) throw new Error('dialog.goTo() outside a dialog: call dialog.enter() first.');
      state.dialog = { id: state.dialog.id, step, data: { ...state.dialog.data, ...data } };
    },
    end() {
      state.dialog = undefined;
    },
  };
}
