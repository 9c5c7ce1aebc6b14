import * as vscode from 'vscode';
import { keyRefAt } from '../../core/drafts/draftKeys';
import { formattedReferenceMarkdown } from '../../core/csl/hoverMarkdown';
import { commandUri, escapeMarkdown, paperHoverMarkdown } from '../../core/library/paperMarkdown';
import type { Paper } from '../../core/model';
import { log } from '../util/log';
import { gapFixes, gapSentence, type GapFix } from '../workspace/referenceGaps';
import type { Services } from '../services';
import { DRAFT_SELECTOR, draftLanguageOf } from './draftDocument';

/** The only commands a hover's links may run; everything else in it is escaped text. */
export const HOVER_COMMANDS = [
  { title: 'Preview', command: 'digestNotes.previewPaper' },
  { title: 'Note', command: 'digestNotes.createNote' },
  { title: 'Edit Metadata', command: 'digestNotes.editPaperMetadata' },
] as const;

/** How long a hover waits for the first "cited in" scan before showing without the count. */
const COUNT_WAIT_MS = 400;
/** How long a hover waits for the formatted reference (a style's first engine takes longer: the next hover has it). */
const FORMAT_WAIT_MS = 1500;
const COPY_COMMAND = 'digestNotes.copyFormattedReference';

/** Hover on a cited key: title, day, the abstract's start, links, how many files cite it, Preview and Note. */
export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(vscode.languages.registerHoverProvider(DRAFT_SELECTOR, new KeyHoverProvider(services)));
}

export class KeyHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const language = draftLanguageOf(this.services, document);
    const ref = language && keyRefAt(document.getText(), document.offsetAt(position), language);
    if (!ref) {
      return undefined;
    }
    const paper = await this.services.workspace.paper(ref.key);
    if (!paper) {
      return undefined;
    }
    const formatting = this.formattedReference(paper, document);
    const fixes = gapSentence(paper) === undefined ? [] : await gapFixes(this.services, [paper]);
    const markdown = new vscode.MarkdownString(
      paperHoverMarkdown(paper, {
        citingFiles: await this.citingFiles(paper.key),
        commands: HOVER_COMMANDS,
      }) + gapMarkdown(paper, fixes),
    );
    // The reference as the draft's CSL style prints it (issue 21).
    const formatted = await formatting;
    if (formatted !== undefined) markdown.appendMarkdown(`\n\n---\n\n${formatted}`);
    markdown.isTrusted = { enabledCommands: [...HOVER_COMMANDS.map(c => c.command), ...fixes.map(f => f.command), COPY_COMMAND] };
    return new vscode.Hover(markdown, new vscode.Range(document.positionAt(ref.start), document.positionAt(ref.end)));
  }

  private async formattedReference(paper: Paper, document: vscode.TextDocument): Promise<string | undefined> {
    const formatting = this.services.formatter.format([paper], document).then(
      result => {
        const [one] = result.papers;
        return formattedReferenceMarkdown({
          key: paper.key,
          styleLabel: result.style.label,
          reference: one.text.reference,
          citation: one.text.citation,
          copyCommand: COPY_COMMAND,
          ...(result.style.problem !== undefined ? { problem: result.style.problem } : {}),
        });
      },
      error => {
        log.warn(`Could not format ${paper.key}`, error);
        return undefined;
      },
    );
    const timeout = new Promise<undefined>(resolve => setTimeout(() => resolve(undefined), FORMAT_WAIT_MS));
    return Promise.race([formatting, timeout]);
  }

  private async citingFiles(key: string): Promise<number | undefined> {
    const citedIn = this.services.citedIn;
    const now = citedIn.citationCountNow(key);
    if (now !== undefined) {
      return now;
    }
    const timeout = new Promise<undefined>(resolve => setTimeout(() => resolve(undefined), COUNT_WAIT_MS));
    return Promise.race([citedIn.citationCount(key), timeout]);
  }
}

/**
 * Under the paper, when it lacks authors or a year: what its reference will print, and links to
 * what fixes it (only these commands are enabled in the hover).
 */
function gapMarkdown(paper: Paper, fixes: readonly GapFix[]): string {
  const sentence = gapSentence(paper);
  if (sentence === undefined) {
    return '';
  }
  const links = fixes.map(fix => `[${escapeMarkdown(fix.title)}](${commandUri(fix.command, fix.arguments)})`).join(' · ');
  return `\n\n---\n\n⚠ ${escapeMarkdown(`Its reference has ${sentence}.`)}${links ? `\n\n${links}` : ''}`;
}
