/**
 * arXiv's RSS feeds (`rss.arxiv.org/rss/<category>`, RSS 2.0 since 2024): items with `title`,
 * `link`, `description` ("arXiv:ID vN Announce Type: new \nAbstract: …"), `category` (several),
 * `pubDate`, `arxiv:announce_type` (new, replace, cross, replace-cross), `dc:creator` (every author
 * in one string) and, when published, `arxiv:DOI` and `arxiv:journal_reference`. Parsed by
 * fast-xml-parser (`xml.ts`). The day: the item's `pubDate` as written (midnight US Eastern of the
 * listing's day), else the channel's.
 */
import type { PaperMetadata, ParsedDigest } from '../../model';
import { foldTitleTex, splitAuthorList } from './authors';
import {
  arxivAbsUrl,
  asText,
  buildParsedDigest,
  collapseSpaces,
  countLines,
  Diagnostics,
  LineCounter,
  normalizeArxivId,
  writtenDate,
  type SourceRecord,
} from './common';
import { child, children, ElementLocator, readXml } from './xml';

type Announce = NonNullable<PaperMetadata['announce']>;
const ANNOUNCE_TYPES: ReadonlySet<string> = new Set(['new', 'cross', 'replace', 'replace-cross']);

/** The item's fields, all read as text (see `readXml`). */
const TEXT_ELEMENTS = [
  'title',
  'link',
  'description',
  'guid',
  'category',
  'pubDate',
  'arxiv:announce_type',
  'dc:creator',
  'dc:rights',
  'arxiv:DOI',
  'arxiv:journal_reference',
].map(name => `rss.channel.item.${name}`);

/** Parses an arXiv RSS feed. Never throws. */
export function* arxivRssSteps(text: string, path: string): Generator<void, ParsedDigest> {
  const lineCount = countLines(text);
  const diagnostics = new Diagnostics(lineCount);
  const { document, problem } = readXml(text, { textElements: TEXT_ELEMENTS });
  if (problem) diagnostics.report(problem.line - 1, 'warning', `Not well-formed XML (${problem.message}); read as far as it goes.`);
  yield;
  const channel = child(child(document, 'rss'), 'channel');
  if (channel === undefined) {
    diagnostics.report(0, 'error', 'No RSS channel found; no papers read.');
    return buildParsedDigest(path, [], diagnostics, lineCount);
  }
  const channelDay = writtenDate(asText(channel.pubDate)) ?? writtenDate(asText(channel.lastBuildDate));
  const locator = new ElementLocator(text, 'item');
  const lines = new LineCounter(text);
  const records: SourceRecord[] = [];
  for (const item of children(channel, 'item')) {
    const place = locator.next('title', 'description');
    const startLine = lines.lineAt(place.start);
    const titleLine = place.child === -1 ? startLine : lines.lineAt(place.child);
    const abstractStart = place.secondChild === -1 ? -1 : lines.lineAt(place.secondChild);
    const abstractEnd = place.secondChild === -1 ? -1 : lines.lineAt(place.secondChildEnd);
    const endLine = Math.max(titleLine, lines.lineAt(place.end));
    const record = readItem(item, channelDay, diagnostics, { startLine, titleLine, abstractStart, abstractEnd, endLine });
    if (record) records.push(record);
    yield;
  }
  return buildParsedDigest(path, records, diagnostics, lineCount);
}

interface ItemLines {
  readonly startLine: number;
  readonly titleLine: number;
  readonly abstractStart: number;
  readonly abstractEnd: number;
  readonly endLine: number;
}

function readItem(item: unknown, channelDay: string | undefined, diagnostics: Diagnostics, at: ItemLines): SourceRecord | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const node = item as Record<string, unknown>;
  const title = foldTitleTex(stripOldTitleSuffix(collapseSpaces(asText(node.title))));
  if (title === '') {
    diagnostics.report(at.startLine, 'warning', 'An item without a title; skipped.');
    return undefined;
  }
  const description = readDescription(asText(node.description));
  const arxiv = normalizeArxivId(description.id ?? '') ?? normalizeArxivId(asText(node.link)) ?? normalizeArxivId(asText(node.guid));
  const typed = asText(node['arxiv:announce_type']).trim().toLowerCase() || description.announce;
  const announce = typed !== undefined && ANNOUNCE_TYPES.has(typed) ? (typed as Announce) : undefined;
  const day = writtenDate(asText(node.pubDate)) ?? channelDay;
  if (day === undefined) diagnostics.report(at.titleLine, 'warning', `"${title}" has no date.`);
  const categories: string[] = [];
  for (const element of children(node, 'category')) {
    const category = asText(element).trim();
    if (category !== '') categories.push(category);
  }
  const authors = splitAuthorList(asText(node['dc:creator']));
  const venue = collapseSpaces(asText(node['arxiv:journal_reference']));
  const doi = collapseSpaces(asText(node['arxiv:DOI'])).split(' ')[0];
  // Built field by field (not with spreads): one object, its fields in the order they had.
  const metadata: { -readonly [K in keyof PaperMetadata]: PaperMetadata[K] } = {};
  if (authors.length > 0) metadata.authors = authors;
  if (arxiv) {
    metadata.arxiv = arxiv;
    metadata.url = arxivAbsUrl(arxiv);
  }
  // arXiv's order, primary first (as the mail's Categories: line): the sample's cross-list in a
  // cs.LG+cs.AI+cs.CL+stat.ML feed starts with stat.ME, which only its primary class can be.
  if (categories.length > 0) {
    metadata.primaryClass = categories[0];
    metadata.categories = categories;
  }
  if (venue) metadata.venue = venue;
  if (doi) metadata.journalDoi = doi;
  if (announce) metadata.announce = announce;
  metadata.source = 'arxiv-rss';
  const record: { -readonly [K in keyof SourceRecord]: SourceRecord[K] } = {
    title,
    abstract: description.abstract,
    metadata,
    titleLine: at.titleLine,
    range: { start: at.titleLine, end: at.endLine },
    section: { label: day ?? 'Undated', date: day ?? null, line: at.startLine },
  };
  if (at.abstractStart !== -1) record.abstractRange = { start: at.abstractStart, end: at.abstractEnd };
  return record;
}

/**
 * `arXiv:2609.26811v1 Announce Type: new \nAbstract: …`: the id, the announce type and the
 * abstract. A description without that head is the abstract itself.
 */
function readDescription(text: string): { id?: string; announce?: string; abstract: string } {
  const marker = text.indexOf('Abstract:');
  if (marker === -1) return { abstract: collapseSpaces(text) };
  const head = text.slice(0, marker);
  const id = /arXiv:(\S+)/.exec(head)?.[1];
  const announce = /Announce Type:\s*(\S+)/.exec(head)?.[1]?.toLowerCase();
  // The space after the colon trimmed first: a value with white space at an end is collapsed by a
  // regular expression over the whole abstract (a third of the reader's own time on real feeds).
  const abstract = collapseSpaces(text.slice(marker + 'Abstract:'.length).trimStart());
  return { ...(id ? { id } : {}), ...(announce ? { announce } : {}), abstract };
}

/** The feed before 2024 ended titles with `(arXiv:2401.00001v1 [cs.LG])`, `UPDATED` or `CROSS LISTED`. */
function stripOldTitleSuffix(title: string): string {
  const at = title.lastIndexOf(' (arXiv:');
  return at > 0 && title.endsWith(')') ? title.slice(0, at).replace(/\.$/, '') : title;
}
