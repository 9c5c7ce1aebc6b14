/**
 * `digest-notes rank PATH... --like ID...`: "For you" outside the editor. Trains on every paper
 * under PATH (the liked ones, by arXiv id or key, are the positives; the papers ranked are left
 * out of the negatives), ranks the papers dated on or after --from (default: the latest day) that
 * are not liked, best first, each with why. The same core as the extension (`core/rank`).
 */
import { normalizeArxivId } from '../core/digest/sources/common';
import type { Paper } from '../core/model';
import { buildFeatureStore, fitTaste, rankByTaste, rankDocumentOf, rankingBasis } from '../core/rank';
import { decodeText } from '../core/util/text';
import { load, readMetadataForUse, type CliContext } from './context';
import { completedPapers } from './completedPapers';
import { describeFileError } from './nodeFileStore';
import { plainText, table } from './output';
import { COMMON_OPTIONS, readCommandArguments, readPositiveInteger, UsageError } from './arguments';

export const RANK_HELP = `Usage: digest-notes rank PATH... --like ID... [--like-file F] [--from YYYY-MM-DD] [--limit N] [--json]

Ranks new papers by how much they are like the ones you like ("For you"). Learns from every
paper under PATH (files or folders): the liked ones (--like, by arXiv id, arXiv link or key;
--like-file F: one per line, # starts a comment) against all the others, with tf-idf of
title, abstract and authors and signals a digest holds (author list size, code or project
links, a named method in the title, categories, authors). Ranks the papers dated on or after
--from (default: the latest day) that are not liked, and prints the best N (default 10), each
with why, under how they were ranked, or with --json
{"basis":"ranked by ...","results":[{key,arxiv,title,day,score,why:[...]}]}.
With fewer than 5 liked papers, papers are ranked by their similarity to them.
  --year N, --max-size BYTES   as for parse`;

export interface RankRequest {
  readonly paths: readonly string[];
  readonly like: readonly string[];
  readonly likeFile?: string;
  readonly from?: string;
  readonly limit: number;
  readonly json: boolean;
  readonly year?: number;
  readonly maxSize: number;
}

const RANK_OPTIONS = {
  ...COMMON_OPTIONS,
  like: { type: 'string', multiple: true },
  'like-file': { type: 'string' },
  from: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** Reads `rank`'s arguments (after the command's name). Throws UsageError; undefined asks for help. */
export function readRankArguments(args: readonly string[]): RankRequest | undefined {
  const read = readCommandArguments('rank', args, RANK_OPTIONS, {
    limit: (value, command) => readPositiveInteger(value, '--limit', command),
  });
  if ('command' in read) return undefined;
  const { positionals, common } = read;
  const values = read.values as { like?: string[]; 'like-file'?: string; from?: string; limit?: string; json?: boolean };
  if (positionals.length === 0) throw new UsageError('rank needs at least one PATH', 'rank');
  const like = values.like ?? [];
  if (like.length === 0 && values['like-file'] === undefined) throw new UsageError('rank needs --like ID or --like-file F', 'rank');
  if (values.from !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.from)) {
    throw new UsageError(`--from takes a day as YYYY-MM-DD, got ${values.from || 'nothing'}`, 'rank');
  }
  const limit = values.limit === undefined ? 10 : readPositiveInteger(values.limit, '--limit', 'rank');
  const maxSize = common.maxSize;
  const year = common.year;
  return {
    paths: positionals,
    like,
    ...(values['like-file'] === undefined ? {} : { likeFile: values['like-file'] }),
    ...(values.from === undefined ? {} : { from: values.from }),
    limit,
    json: values.json === true,
    ...(year === undefined ? {} : { year }),
    maxSize,
  };
}

export async function runRank(args: readonly string[], context: CliContext): Promise<number> {
  const request = readRankArguments(args);
  if (request === undefined) {
    context.print(RANK_HELP + '\n');
    return 0;
  }

  const ids = [...request.like];
  if (request.likeFile !== undefined) {
    const read = await readLikeFile(context, request.likeFile);
    if (read === undefined) return 1;
    ids.push(...read);
  }
  const loaded = await load(context, request.paths, request);
  const metadata = await readMetadataForUse(context);
  const status = Math.max(loaded.status, metadata.status);
  const papers = completedPapers(loaded.digests, metadata.file);
  if (papers.length === 0) return Math.max(status, 1);

  const liked = new Set<string>();
  for (const id of ids) {
    const found = findPaper(papers, id);
    if (found === undefined) context.report(`--like ${id}: no paper under PATH has this key or arXiv id`);
    else liked.add(found.key);
  }
  if (liked.size === 0) {
    context.report('none of the liked papers is under PATH: nothing to learn from');
    return 1;
  }
  const dates = papers.map(paper => paper.date).filter((date): date is string => date !== null);
  const from = request.from ?? dates.reduce((latest, date) => (date > latest ? date : latest), '');
  // Papers without a known day are new only when no paper has one (a text digest without years).
  const candidates = papers.filter(paper => !liked.has(paper.key) && (paper.date === null ? from === '' : paper.date >= from));

  const store = buildFeatureStore(papers.map(rankDocumentOf));
  const taste = fitTaste(store, { liked }, { unlabeled: new Set(candidates.map(paper => paper.key)) });
  const ranked = rankByTaste(
    store,
    taste,
    candidates.map(paper => paper.key),
    { explain: request.limit },
  ).slice(0, request.limit);
  const byKey = new Map(papers.map(paper => [paper.key, paper]));
  const results = ranked.map(({ key, score, why }) => {
    const paper = byKey.get(key)!;
    return { key, arxiv: paper.metadata?.arxiv ?? null, title: paper.title, day: paper.date ?? paper.day, score: round(score), why };
  });
  // How the list was ranked is said once, above it; each paper's why gives only its own reasons.
  const basis = rankingBasis(liked.size);
  if (request.json) {
    context.print(JSON.stringify({ basis, results }, null, 2) + '\n');
  } else if (results.length === 0) {
    context.print(from === '' ? 'no papers to rank\n' : `no papers dated ${from} or later to rank\n`);
  } else {
    const rows = results.map(r => [r.score.toFixed(3), r.key, r.day, r.title]);
    const lines = table(['SCORE', 'KEY', 'DAY', 'TITLE'], rows, context.width).split('\n');
    const out = [
      basis.charAt(0).toUpperCase() + basis.slice(1) + ':',
      lines[0],
      ...results.flatMap((r, i) => [lines[i + 1], ...r.why.map(reason => `    ${plainText(reason)}`)]),
    ];
    context.print(out.join('\n') + '\n');
  }
  return status;
}

/** A paper by key (exactly) or by arXiv id in any form (`2406.11944`, `arXiv:2406.11944v2`, a link). */
function findPaper(papers: readonly Paper[], id: string): Paper | undefined {
  const byKey = papers.find(paper => paper.key === id);
  if (byKey) return byKey;
  const arxiv = normalizeArxivId(id);
  return arxiv === undefined ? undefined : papers.find(paper => paper.metadata?.arxiv === arxiv);
}

async function readLikeFile(context: CliContext, path: string): Promise<string[] | undefined> {
  let text: string | null;
  try {
    text = decodeText(await context.store.readFile(path, { maxBytes: 16 * 1024 * 1024 }));
  } catch (error) {
    context.report(`${path}: ${describeFileError(error)}`);
    return undefined;
  }
  if (text === null) {
    context.report(`${path}: not a text file`);
    return undefined;
  }
  return text
    .split(/\r?\n/)
    .map(line => line.replace(/#.*/, '').trim())
    .filter(line => line !== '');
}

const round = (n: number) => Math.round(n * 1e4) / 1e4;
