/**
 * The Markdown that describes a paper: the hover on a cited key and the Papers tree's tooltip
 * (one renderer, so both treat links alike). Pure, so that what a digest can smuggle into it is
 * tested in plain mocha: every text from a digest is escaped (no links, images, HTML or command
 * URIs can be formed from it), and links are only http(s) URLs written as link destinations.
 */
import type { LinkKind, Paper } from '../model';
import { byline } from './byline';

export interface PaperHoverOptions {
  /** How many files cite the paper; left out when unknown. */
  readonly citingFiles?: number;
  /** Command ids for the links under the text, e.g. Preview and Note; each gets `[key]` as argument. */
  readonly commands?: readonly { readonly title: string; readonly command: string }[];
  /** Characters of the abstract shown (default 400). */
  readonly abstractLength?: number;
  /** Links shown at most (default 4). */
  readonly maxLinks?: number;
  /** Short facts put after the day and key (`has a note`). */
  readonly facts?: readonly string[];
}

/** What the renderer reads of a paper: a library paper, or one occurrence of it in a digest. */
export type PaperSummary = Pick<Paper, 'key' | 'title' | 'abstract' | 'day' | 'links'> & Partial<Pick<Paper, 'metadata' | 'year'>>;

/** Escapes every ASCII punctuation character (CommonMark allows that for all of them) and folds whitespace. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Title; day, key and facts; the abstract's start; links (http(s) only); citation count; command links. */
export function paperHoverMarkdown(paper: PaperSummary, options: PaperHoverOptions = {}): string {
  const parts: string[] = [`**${escapeMarkdown(paper.title)}**`];
  const by = byline(paper);
  if (by) {
    parts.push(`*${escapeMarkdown(by)}*`);
  }
  parts.push(escapeMarkdown([paper.day || 'no day', paper.key, ...(options.facts ?? [])].join(' · ')));
  const abstract = shorten(paper.abstract, options.abstractLength ?? 400);
  if (abstract) {
    parts.push(escapeMarkdown(abstract));
  }
  const links = [
    ...arxivLinks(paper.metadata?.arxiv),
    ...paper.links.map(link => linkMarkdown(link.url, link.kind)).filter((l): l is string => l !== undefined),
  ];
  if (links.length > 0) {
    parts.push(links.slice(0, options.maxLinks ?? 4).join(' · '));
  }
  if (options.citingFiles !== undefined) {
    const n = options.citingFiles;
    parts.push(n === 0 ? 'Cited in no file yet' : `Cited in ${n} ${n === 1 ? 'file' : 'files'}`);
  }
  const commands = (options.commands ?? []).map(c => `[${escapeMarkdown(c.title)}](${commandUri(c.command, [paper.key])})`);
  if (commands.length > 0) {
    parts.push(commands.join(' · '));
  }
  return parts.join('\n\n');
}

/** A new or old style arXiv id (`2406.11944`, `hep-th/0507171`), the only ones made into links. */
const ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})$/;

/** `[arXiv](abs) · [PDF](pdf)` for a paper with an arXiv id: opened by the writer's click, never fetched here. */
function arxivLinks(id: string | undefined): string[] {
  if (id === undefined || !ARXIV_ID.test(id)) return [];
  return [`[arXiv](https://arxiv.org/abs/${id})`, `[PDF](https://arxiv.org/pdf/${id})`];
}

/** `command:id?args` with the arguments as URI-encoded JSON, as VS Code's command links expect. */
export function commandUri(command: string, args: readonly unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

const KIND_LABELS: Record<LinkKind, string> = { code: 'Code', project: 'Project', doi: 'DOI', other: 'Link' };

/** `[Code: github.com](url)`, or undefined for anything but a well-formed http(s) URL. */
function linkMarkdown(url: string, kind: LinkKind): string | undefined {
  let host: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return undefined;
    }
    host = parsed.host;
  } catch {
    return undefined;
  }
  return `[${escapeMarkdown(`${KIND_LABELS[kind]}: ${host}`)}](${safeDestination(url)})`;
}

/** Percent-encodes what could end a link destination or start markup inside it. */
function safeDestination(url: string): string {
  return url.replace(/[\s()<>"'[\]\\`|{}^]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** The text cut at a word boundary near `length`, with an ellipsis when cut. */
export function shorten(text: string, length: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= length) {
    return flat;
  }
  const cut = flat.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}
