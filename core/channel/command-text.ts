/**
 * Reads `/command argument` from typed text, for channels without native commands (web chat,
 * terminal, WhatsApp). `@botname` suffixes are dropped; commands are lower-cased.
 *
 * @example
 * parseCommandText('/start eventi'); // { command: 'start', argument: 'eventi' }
 * parseCommandText('ciao'); // undefined
 */
export function parseCommandText(text: string): { command: string; argument: string } | undefined {
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!match || match[1] === undefined) return undefined;
  return { command: match[1].toLowerCase(), argument: (match[2] ?? '').trim() };
}
