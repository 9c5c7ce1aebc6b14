/**
 * XML for the arXiv readers (RSS and the API's Atom) through fast-xml-parser: one parser setup,
 * a well-formedness check that becomes a diagnostic (a cut feed still gives the items it holds),
 * and no entity expansion beyond XML's own five.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Elements that may repeat and are always read as arrays. */
const REPEATED = new Set(['item', 'entry', 'category', 'author', 'link']);

export interface XmlRead {
  readonly document: Record<string, unknown> | undefined;
  /** Why the text is not well-formed XML, with the 1-based line the validator gives. */
  readonly problem?: { readonly message: string; readonly line: number };
}

/** How a reader wants the document: what it reads as text. */
export interface XmlReadOptions {
  /**
   * Paths (`rss.channel.item.title`) of leaf elements the reader only reads as text: the parser
   * keeps their content whole instead of walking it character by character (the most of its time
   * on a feed), and `readXml` trims and decodes it as the parser would have.
   */
  readonly textElements?: readonly string[];
}

/**
 * Parses XML leniently: fast-xml-parser reads what it can of a cut or broken file, and the
 * validator says what was wrong. A document type that declares entities is read without
 * expanding any (arXiv's feeds declare none; expanding them is the billion-laughs risk).
 */
export function readXml(text: string, options: XmlReadOptions = {}): XmlRead {
  const declaresEntities = text.includes('<!ENTITY');
  const valid = XMLValidator.validate(text);
  // Text elements are kept whole only in a well-formed document without declared entities:
  // anything else is read as before, element by element, so a cut feed gives what it gave.
  const quick = valid === true && !declaresEntities && options.textElements !== undefined && options.textElements.length > 0;
  let document: Record<string, unknown> | undefined;
  let problem: XmlRead['problem'];
  try {
    document = quick ? quickDocument(text, options) : undefined;
    if (document === undefined) {
      const parsed: unknown = new XMLParser(parserOptions(!declaresEntities)).parse(text);
      document = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
    }
  } catch (error) {
    problem = { message: (error as Error).message, line: 1 };
  }
  if (valid !== true) problem = { message: valid.err.msg, line: valid.err.line ?? 1 };
  else if (declaresEntities) problem = { message: 'The document type declares entities; they were not expanded.', line: 1 };
  return { document, ...(problem ? { problem } : {}) };
}

function parserOptions(processEntities: boolean): ConstructorParameters<typeof XMLParser>[0] {
  return {
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    processEntities,
    htmlEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: name => REPEATED.has(name),
    // The callbacks get the path matcher rather than its string: nothing reads the path, and
    // building the string for every element is a tenth of the parse.
    jPath: false,
  };
}

/**
 * The document read with the text elements kept whole; undefined when that read fails (the
 * caller then reads it element by element, as any other document).
 */
function quickDocument(text: string, options: XmlReadOptions): Record<string, unknown> | undefined {
  const parser = new XMLParser({
    ...parserOptions(true),
    stopNodes: [...(options.textElements ?? [])],
    // The tree in document order, turned into the usual shape below with the text elements
    // decoded on the way: one walk, where the parser's own shaping would be another.
    preserveOrder: true,
  });
  try {
    return shapedDocument(parser.parse(text), options.textElements ?? []);
  } catch {
    return undefined;
  }
}

/** A node of the parser's ordered tree: `{ name: children }` (and `:@` attributes) or `{ '#text': text }`. */
type OrderedNode = Record<string, unknown>;

/**
 * The ordered tree in the shape the parser gives without `preserveOrder` (its `compress`: an
 * element with text only is its text, an empty one '', a repeated or `REPEATED` name an array,
 * text pieces joined), with each text element's raw content decoded as the parser would
 * (trimmed, entities and CDATA read). Most hold neither `&` nor `<` and are only trimmed; the
 * others go through the parser itself, on their own, with the options the document is read with.
 */
function shapedDocument(ordered: unknown, textElements: readonly string[]): Record<string, unknown> | undefined {
  if (!Array.isArray(ordered)) return undefined;
  const parser = new XMLParser(parserOptions(true));
  const decode = (raw: string): unknown => {
    if (!raw.includes('&') && !raw.includes('<')) return raw.trim();
    return (parser.parse(`<t>${raw}</t>`) as { t?: unknown }).t ?? '';
  };
  // By parent path, the names of its text elements: a path is built only for an element walked into.
  const textNames = new Map<string, Set<string>>();
  for (const path of textElements) {
    const dot = path.lastIndexOf('.');
    const parent = dot === -1 ? '' : path.slice(0, dot);
    const names = textNames.get(parent) ?? new Set<string>();
    names.add(path.slice(dot + 1));
    textNames.set(parent, names);
  }
  return shaped(ordered as OrderedNode[], '', textNames, decode);
}

function shaped(
  nodes: readonly OrderedNode[],
  path: string,
  textNames: ReadonlyMap<string, ReadonlySet<string>>,
  decode: (raw: string) => unknown,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const textHere = textNames.get(path);
  let text: unknown;
  for (const node of nodes) {
    const name = nameOf(node);
    if (name === undefined) continue;
    const value = node[name];
    if (name === '#text') {
      text = text === undefined ? value : `${String(text)}${String(value)}`;
      continue;
    }
    if (!Array.isArray(value)) continue;
    const attributes = node[':@'] as Record<string, unknown> | undefined;
    let shapedValue: unknown;
    if (textHere !== undefined && textHere.has(name)) {
      const decoded = decode(rawText(value as OrderedNode[]));
      // With attributes, the element stays an object: its text (or what it holds) and them.
      shapedValue =
        attributes === undefined
          ? decoded
          : { ...(typeof decoded === 'string' ? (decoded === '' ? {} : { '#text': decoded }) : (decoded as object)), ...attributes };
    } else {
      const element = shaped(value as OrderedNode[], path === '' ? name : `${path}.${name}`, textNames, decode);
      const keys = Object.keys(element);
      if (attributes !== undefined) shapedValue = Object.assign(element, attributes);
      else shapedValue = keys.length === 0 ? '' : keys.length === 1 && element['#text'] !== undefined ? element['#text'] : element;
    }
    const present = out[name];
    if (present !== undefined && Object.prototype.hasOwnProperty.call(out, name)) {
      if (Array.isArray(present)) present.push(shapedValue);
      else out[name] = [present, shapedValue];
    } else {
      out[name] = REPEATED.has(name) ? [shapedValue] : shapedValue;
    }
  }
  if (typeof text === 'string' ? text.length > 0 : text !== undefined) out['#text'] = text;
  return out;
}

/** A text element's content as the parser kept it (one text node; none when empty). */
function rawText(children: readonly OrderedNode[]): string {
  let text = '';
  for (const child of children) if (typeof child['#text'] === 'string') text += child['#text'];
  return text;
}

/** The element's name: its one key other than the attributes' (`:@`, as the parser's own `compress`). */
function nameOf(node: OrderedNode): string | undefined {
  for (const key in node) if (key !== ':@') return key;
  return undefined;
}

/** The child object at `name`, when it is one. */
export function child(node: unknown, name: string): Record<string, unknown> | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  const value = (node as Record<string, unknown>)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first !== null && typeof first === 'object' ? (first as Record<string, unknown>) : undefined;
}

/** The children at `name` as an array (repeated elements are arrays already). */
export function children(node: unknown, name: string): unknown[] {
  if (node === null || typeof node !== 'object') return [];
  const value = (node as Record<string, unknown>)[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** An attribute's value (`term` of `<category term="cs.LG"/>`). */
export function attribute(node: unknown, name: string): string {
  if (node === null || typeof node !== 'object') return '';
  const value = (node as Record<string, unknown>)[`@_${name}`];
  return typeof value === 'string' ? value : '';
}

/**
 * Where each item stands: the offsets of the `n`-th `<tag>` element's start, of a child's start
 * and of the element's end, found in file order (the parser gives no positions). A scan for the
 * tag names only, never a parse: a `<tag` inside a comment or CDATA can shift it, so lines are
 * approximate, and always inside the file.
 */
export class ElementLocator {
  private cursor = 0;
  /** Per tag name, the last search's start and answer: searches only move forward, so a tag
   *  missing from many items is not searched for to the end of the file again and again. */
  private readonly found = new Map<string, { from: number; at: number }>();
  constructor(
    private readonly text: string,
    private readonly tag: string,
  ) {}

  /** The next element's start, the start of `childTag` in it and its end; -1 where not found. */
  next(
    childTag: string,
    secondChildTag?: string,
  ): { start: number; child: number; secondChild: number; secondChildEnd: number; end: number } {
    const start = this.openTag(this.tag, this.cursor);
    if (start === -1) return { start: -1, child: -1, secondChild: -1, secondChildEnd: -1, end: -1 };
    const close = this.cached(`</${this.tag}>`, start, () => this.text.indexOf(`</${this.tag}>`, start));
    const end = close === -1 ? this.text.length : close;
    const inside = (at: number): number => (at === -1 || at > end ? -1 : at);
    const child = inside(this.openTag(childTag, start + 1));
    const secondChild = secondChildTag === undefined ? -1 : inside(this.openTag(secondChildTag, start + 1));
    const closing = `</${secondChildTag}>`;
    const secondClose = secondChild === -1 ? -1 : inside(this.cached(closing, secondChild, () => this.text.indexOf(closing, secondChild)));
    this.cursor = close === -1 ? this.text.length : close + this.tag.length + 3;
    return { start, child, secondChild, secondChildEnd: secondClose === -1 ? secondChild : secondClose, end };
  }

  /** The next `<name` followed by `>`, `/` or white space (so `<item` is not `<items`). */
  private openTag(name: string, from: number): number {
    return this.cached(`<${name}`, from, () => this.searchTag(name, from));
  }

  /** `search()` (the first match at or after `from`), answered from the last search when it can. */
  private cached(key: string, from: number, search: () => number): number {
    const last = this.found.get(key);
    if (last !== undefined && last.from <= from && (last.at === -1 || last.at >= from)) return last.at;
    const at = search();
    this.found.set(key, { from, at });
    return at;
  }

  private searchTag(name: string, from: number): number {
    const needle = `<${name}`;
    for (let at = this.text.indexOf(needle, from); at !== -1; at = this.text.indexOf(needle, at + 1)) {
      const after = this.text.charCodeAt(at + needle.length);
      if (after === 62 || after === 47 || after === 32 || after === 9 || after === 10 || after === 13) return at;
    }
    return -1;
  }
}
