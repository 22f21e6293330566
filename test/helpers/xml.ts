/**
 * A small strict XML 1.0 parser for tests (no XML parser ships in node_modules): it throws on what a
 * feed reader would reject — a raw `<` or `&` in text, an unknown entity, an unclosed or mismatched
 * tag, a duplicate or unquoted attribute, text or a second element outside the root. Namespaces are
 * kept as written in the names (`atom:link`). No DTDs.
 *
 * @example
 * const rss = parseXml(body);
 * child(child(rss, 'channel'), 'title').text; // 'Avvisi del Comune di Esempio'
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** The element's own text (children's text not included), entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;

export function parseXml(source: string): XmlElement {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`XML not well-formed at ${at}: ${why} (…${source.slice(Math.max(0, at - 30), at + 30)}…)`);
  };
  const decode = (raw: string): string => {
    if (/<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) fail(`raw < or & or unknown entity in "${raw.slice(0, 40)}"`);
    return raw.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_w, e: string) =>
      e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1)))
        : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!);
  };
  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(source.slice(at))![0];
      at += ws.length;
      if (source.startsWith('<?', at)) at = source.indexOf('?>', at) < 0 ? fail('unclosed <?') : source.indexOf('?>', at) + 2;
      else if (source.startsWith('<!--', at)) at = source.indexOf('-->', at) < 0 ? fail('unclosed comment') : source.indexOf('-->', at) + 3;
      else return;
    }
  };
  const element = (): XmlElement => {
    if (source[at] !== '<') fail('expected <');
    at += 1;
    const name = NAME.exec(source.slice(at))?.[0] ?? fail('expected a tag name');
    at += name.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const ws = /^\s*/.exec(source.slice(at))![0];
      at += ws.length;
      if (source.startsWith('/>', at)) { at += 2; return { name, attributes, children: [], text: '' }; }
      if (source[at] === '>') { at += 1; break; }
      if (ws.length === 0) fail('attributes need a space between them');
      const attr = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(source.slice(at)) ?? fail('malformed or unquoted attribute');
      if (attr[1]! in attributes) fail(`duplicate attribute ${attr[1]}`);
      attributes[attr[1]!] = decode(attr[3] ?? attr[4] ?? '');
      at += attr[0].length;
    }
    const node: XmlElement = { name, attributes, children: [], text: '' };
    for (;;) {
      if (at >= source.length) fail(`unclosed <${name}>`);
      if (source.startsWith('</', at)) {
        const close = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(source.slice(at)) ?? fail('malformed end tag');
        if (close[1] !== name) fail(`</${close[1]}> closes <${name}>`);
        at += close[0].length;
        return node;
      }
      if (source.startsWith('<![CDATA[', at)) {
        const end = source.indexOf(']]>', at);
        if (end < 0) fail('unclosed CDATA');
        node.text += source.slice(at + 9, end);
        at = end + 3;
      } else if (source.startsWith('<!--', at)) {
        const end = source.indexOf('-->', at);
        at = end < 0 ? fail('unclosed comment') : end + 3;
      } else if (source[at] === '<') {
        node.children.push(element());
      } else {
        const next = source.indexOf('<', at);
        const raw = source.slice(at, next < 0 ? source.length : next);
        node.text += decode(raw);
        at += raw.length;
      }
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (at !== source.length) fail('content after the root element');
  return root;
}

/** The children called `name`. */
export function children(node: XmlElement, name: string): XmlElement[] {
  return node.children.filter((c) => c.name === name);
}

/** The one child called `name`, or an error naming what is missing. */
export function child(node: XmlElement, name: string): XmlElement {
  const found = children(node, name);
  if (found.length !== 1) throw new Error(`<${node.name}> has ${found.length} <${name}>, expected 1`);
  return found[0]!;
}
