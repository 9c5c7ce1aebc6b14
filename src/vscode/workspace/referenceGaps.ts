import * as vscode from 'vscode';
import { defaultStyleCitation, gapsText, referenceGaps } from '../../core/bib/missing';
import { lacksYear } from '../../core/metadata/digestYears';
import type { Paper } from '../../core/model';
import type { DigestWorkspace } from './digestWorkspace';
import type { WorkspaceMetadata } from './metadataFile';

/**
 * A cited paper without authors or a year renders as `("Title," n.d.)`. Citing and the key's hover
 * say so and offer what fixes it: Complete Metadata for these papers, the digest's year (kept in the
 * metadata file), and entering it by hand when an "Edit Paper Metadata" command is registered.
 * Shared by the cite report and the hover, which reach the fixes through their commands.
 */

/** Entering a paper's metadata by hand; offered only when some extension part registers it. */
export const EDIT_PAPER_METADATA = 'digestNotes.editPaperMetadata';
export const COMPLETE_METADATA = 'digestNotes.completeMetadata';
export const SET_DIGEST_YEAR = 'digestNotes.setDigestYear';

/** One way to fix a gap: a button's or a hover link's title, and the command it runs. */
export interface GapFix {
  readonly title: string;
  readonly command: string;
  readonly arguments: readonly unknown[];
}

/** What is said of papers with gaps, and the fixes offered. */
export interface GapReport {
  /** Keys of the papers that lack authors or a year. */
  readonly keys: readonly string[];
  readonly message: string;
  readonly fixes: readonly GapFix[];
}

interface GapSources {
  readonly workspace: DigestWorkspace;
  readonly metadata: WorkspaceMetadata;
}

/** The papers (of `papers`) that lack authors or a year. */
export function papersWithGaps(papers: readonly Paper[]): Paper[] {
  return papers.filter(paper => referenceGaps(paper) !== undefined);
}

/** What one paper will print, in words: `no authors and no year: it prints as ("Title," n.d.)`. */
export function gapSentence(paper: Paper): string | undefined {
  const gaps = referenceGaps(paper);
  return gaps && `${gapsText(gaps)}: it prints as ${defaultStyleCitation(paper)}`;
}

/**
 * The fixes for these papers: Complete Metadata for them; the year of the first digest (in the
 * workspace folder) that states none, when a paper lacks its year; Edit Paper Metadata by hand
 * for the first, when that command exists.
 */
export async function gapFixes(services: GapSources, papers: readonly Paper[]): Promise<GapFix[]> {
  if (papers.length === 0) {
    return [];
  }
  const fixes: GapFix[] = [
    {
      title: papers.length === 1 ? 'Complete Metadata' : 'Complete Metadata for These Papers',
      command: COMPLETE_METADATA,
      arguments: [papers.map(paper => paper.key)],
    },
  ];
  const digest = undatedDigest(services, papers);
  if (digest) {
    fixes.push({ title: 'Set the Digest’s Year', command: SET_DIGEST_YEAR, arguments: [digest] });
  }
  if ((await vscode.commands.getCommands(true)).includes(EDIT_PAPER_METADATA)) {
    fixes.push({ title: 'Edit Paper Metadata', command: EDIT_PAPER_METADATA, arguments: [papers[0].key] });
  }
  return fixes;
}

/** The report for these papers, or undefined when none lacks authors or a year. */
export async function gapReport(services: GapSources, papers: readonly Paper[]): Promise<GapReport | undefined> {
  const missing = papersWithGaps(papers);
  if (missing.length === 0) {
    return undefined;
  }
  const first = missing[0];
  const others = missing.length - 1;
  const message =
    `Digest Notes: ${first.key} has ${gapSentence(first)}` +
    (others > 0 ? `; ${others} more cited ${others === 1 ? 'paper lacks' : 'papers lack'} authors or a year.` : '.');
  return { keys: missing.map(paper => paper.key), message, fixes: await gapFixes(services, missing) };
}

/** Says it as a notification with the fixes as buttons (not awaited by callers: it waits for a click). */
export function showGapReport(report: GapReport): void {
  void vscode.window.showInformationMessage(report.message, ...report.fixes.map(fix => fix.title)).then(choice => {
    const fix = report.fixes.find(f => f.title === choice);
    if (fix) {
      void vscode.commands.executeCommand(fix.command, ...fix.arguments);
    }
  });
}

/** The URI string of the first digest of a paper without a year whose year can be kept, if any. */
function undatedDigest(services: GapSources, papers: readonly Paper[]): string | undefined {
  for (const paper of papers) {
    if (referenceGaps(paper)?.year !== true) {
      continue;
    }
    for (const occurrence of paper.occurrences) {
      const digest = services.workspace.digest(occurrence.path);
      if (digest && lacksYear(digest) && services.metadata.digestPath(occurrence.path) !== undefined) {
        return occurrence.path;
      }
    }
  }
  return undefined;
}
