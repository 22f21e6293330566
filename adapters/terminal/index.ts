export { TerminalAdapter, type TerminalAdapterOptions } from './terminal-adapter.js';
export { toTerminal, fromTerminal, parseLocation } from './mapping.js';
export { terminalChannel } from './terminal-factory.js';
