/**
 * Paste as citation (issue 21): pasting arXiv ids, arXiv or Hugging Face paper links or DOIs (and
 * nothing else) into a draft offers "Insert as citation" beside the plain paste, through VS Code's
 * document paste API, as the Markdown extension offers "Insert as link". The plain paste stays the
 * default: the citation edit yields to text, so Ctrl+V pastes what was copied and the paste widget
 * (or Paste As...) offers the citation.
 *
 * Offering costs nothing (the text is only read); choosing it resolves the edit: the papers are
 * found or looked up as Insert Citation by Identifier does (workspace/identifierPapers.ts: known
 * ones without a request, unknown ones through the metadata feature's consent), their entries are
 * written to the draft's bibliography, and the citation goes where the placement rule puts it
 * (never inside a word, key, link or front matter), joining a cluster the cursor stands in.
 */
import * as vscode from 'vscode';
import { planCitationAt } from '../../core/drafts/insertionPoint';
import { identifiersOnly } from '../../core/identifiers/identifiers';
import type { Paper } from '../../core/model';
import type { Services } from '../services';
import { log, showError } from '../util/log';
import {
  citationKeysFor,
  outsideWorkspaceError,
  readBibliographySnapshot,
  resolveBibliographyTarget,
  writeBibliographyEntries,
} from '../workspace/bibliography';
import { insertionContextFor } from '../workspace/citationSyntax';
import { DRAFT_SELECTOR } from '../workspace/draftSelector';
import { keysForIdentifiers } from '../workspace/identifierPapers';
import { papersForKeys } from '../workspace/paperArguments';
import { gapReport, showGapReport } from '../workspace/referenceGaps';

/** The kind of the edit: what `editor.action.pasteAs` and `editor.pasteAs.preferences` name. */
export const CITATION_PASTE_KIND = vscode.DocumentDropOrPasteEditKind.Empty.append('citation', 'digestNotes');

/** The edit offered; what resolving it needs is kept on it. */
class CitationPasteEdit extends vscode.DocumentPasteEdit {
  constructor(
    readonly document: vscode.TextDocument,
    readonly ranges: readonly vscode.Range[],
    readonly pasted: string,
  ) {
    // Nothing at the pasted ranges themselves: the citation goes where the placement rule says (additionalEdit).
    super('', vscode.l10n.t('Insert as citation'), CITATION_PASTE_KIND);
    // The plain paste (kind `text...`) stays first, so it is what Ctrl+V does.
    this.yieldTo = [vscode.DocumentDropOrPasteEditKind.Text];
  }
}

export function register(context: vscode.ExtensionContext, services: Services): void {
  context.subscriptions.push(
    vscode.languages.registerDocumentPasteEditProvider(DRAFT_SELECTOR, new CitationPasteProvider(services), {
      providedPasteEditKinds: [CITATION_PASTE_KIND],
      pasteMimeTypes: ['text/plain'],
    }),
  );
}

class CitationPasteProvider implements vscode.DocumentPasteEditProvider<CitationPasteEdit> {
  constructor(private readonly services: Services) {}

  async provideDocumentPasteEdits(
    document: vscode.TextDocument,
    ranges: readonly vscode.Range[],
    dataTransfer: vscode.DataTransfer,
    context: vscode.DocumentPasteEditContext,
    token: vscode.CancellationToken,
  ): Promise<CitationPasteEdit[] | undefined> {
    if (context.only !== undefined && !context.only.intersects(CITATION_PASTE_KIND)) return undefined;
    const pasted = await dataTransfer.get('text/plain')?.asString();
    if (pasted === undefined || token.isCancellationRequested || identifiersOnly(pasted) === undefined) return undefined;
    // Front matter, a preamble, a code block: no citation may go there, so none is offered.
    const text = document.getText();
    const insertion = insertionContextFor(document, 'citation');
    if (!ranges.some(range => planCitationAt(text, document.offsetAt(range.end), ['key'], insertion).point.allowed)) return undefined;
    return [new CitationPasteEdit(document, ranges, pasted)];
  }

  async resolveDocumentPasteEdit(edit: CitationPasteEdit, token: vscode.CancellationToken): Promise<CitationPasteEdit> {
    try {
      const additional = await this.citationEdit(edit, token);
      edit.additionalEdit = additional ?? plainPaste(edit);
    } catch (error) {
      void showError(vscode.l10n.t('Digest Notes: could not cite what was pasted; it was pasted as text.'), error);
      edit.additionalEdit = plainPaste(edit);
    }
    return edit;
  }

  /** The citation at each pasted range, once the papers are in the library and the bibliography; undefined when nothing can be cited. */
  private async citationEdit(edit: CitationPasteEdit, token: vscode.CancellationToken): Promise<vscode.WorkspaceEdit | undefined> {
    const keys = await keysForIdentifiers(this.services, edit.pasted);
    if (keys === undefined || token.isCancellationRequested) return undefined;
    const papers = await papersForKeys(this.services, keys);
    if (papers.length === 0 || token.isCancellationRequested) return undefined;
    const cited = await this.writeEntries(edit.document, papers);
    if (cited === undefined || token.isCancellationRequested) return undefined;
    const { document } = edit;
    const text = document.getText();
    const insertion = insertionContextFor(document, 'citation');
    const workspaceEdit = new vscode.WorkspaceEdit();
    const planned = new Set<number>();
    for (const range of edit.ranges) {
      const { insert } = planCitationAt(text, document.offsetAt(range.end), cited, insertion);
      if (insert === undefined || planned.has(insert.offset)) continue;
      planned.add(insert.offset);
      workspaceEdit.insert(document.uri, document.positionAt(insert.offset), insert.text);
    }
    const name = vscode.workspace.asRelativePath(document.uri, false);
    vscode.window.setStatusBarMessage(`$(quote) ${vscode.l10n.t('Cited {0} in {1} (pasted)', cited.join(', '), name)}`, 8000);
    log.info(`Paste as citation: ${cited.join(', ')} in ${name}`);
    return workspaceEdit;
  }

  /**
   * Adds the papers' entries to the draft's bibliography as citing does (an entry already there
   * keeps its key); the keys to cite, undefined after an error the writer was shown.
   */
  private async writeEntries(document: vscode.TextDocument, papers: readonly Paper[]): Promise<string[] | undefined> {
    const target = await resolveBibliographyTarget(document);
    if (target === undefined) return papers.map(paper => paper.key);
    const snapshot = await readBibliographySnapshot(target);
    if (snapshot.error !== undefined) {
      void showError(vscode.l10n.t('Digest Notes: {0}', snapshot.error));
      return undefined;
    }
    const library = await this.services.workspace.library();
    const plans = citationKeysFor(snapshot, papers, new Set(library.papers.map(paper => paper.key)));
    const outside = plans.some(plan => plan.add) ? await outsideWorkspaceError(target) : undefined;
    if (outside !== undefined) {
      void showError(vscode.l10n.t('Digest Notes: {0}', outside));
      return undefined;
    }
    const written = await writeBibliographyEntries(target, plans);
    if (written.error !== undefined) {
      void showError(vscode.l10n.t('Digest Notes: {0}', written.error));
      return undefined;
    }
    const added = new Set(written.added);
    const gaps = await gapReport(
      this.services,
      plans.filter(plan => added.has(plan.key)).map(plan => plan.paper),
    );
    if (gaps !== undefined) showGapReport(gaps);
    return plans.map(plan => plan.key);
  }
}

/** When nothing could be cited (offline, unknown DOI...), what was copied is pasted as text: nothing is lost. */
function plainPaste(edit: CitationPasteEdit): vscode.WorkspaceEdit {
  const workspaceEdit = new vscode.WorkspaceEdit();
  for (const range of edit.ranges) workspaceEdit.replace(edit.document.uri, range, edit.pasted);
  return workspaceEdit;
}
