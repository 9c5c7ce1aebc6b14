import * as vscode from 'vscode';
import { citationLanguageOf } from '../../core/drafts/languages';
import { keyFromNoteStem, splitPath } from '../../core/notes/notes';
import { noteUriFor } from '../workspace/notesLocation';

/**
 * Makes the note links written as comments clickable: `<!-- note: [[key]] notes/key.md -->` in
 * Markdown, Quarto and R Markdown drafts (the style pandoc leaves out of the paper) and
 * `% note: notes/key.md` in LaTeX. Editors link neither by themselves: they are comments.
 */
export function registerNoteCommentLinks(): vscode.Disposable {
  const selector: vscode.DocumentSelector = [
    ...['markdown', 'quarto', 'rmd', 'rmarkdown', 'latex', 'tex'].map(language => ({ language })),
    { pattern: '**/*.{qmd,rmd,Rmd}' },
  ];
  return vscode.languages.registerDocumentLinkProvider(selector, { provideDocumentLinks: document => noteCommentLinks(document) });
}

const MARKDOWN_COMMENT = /<!--\s*note:\s*(?:\[\[([^[\]\n|#]+)(?:[|#][^[\]\n]*)?\]\])?\s*([^\s>]+\.md)?\s*-->/g;
const LATEX_COMMENT = /(?<!\\)%\s*note:\s*(\S+\.md)\s*$/gm;

function noteCommentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
  const language = citationLanguageOf(document.languageId, document.uri.path);
  const text = document.getText();
  const links: vscode.DocumentLink[] = [];
  const add = (start: number, length: number, target: vscode.Uri | undefined, tooltip: string) => {
    if (target) {
      const link = new vscode.DocumentLink(new vscode.Range(document.positionAt(start), document.positionAt(start + length)), target);
      link.tooltip = tooltip;
      links.push(link);
    }
  };
  if (language === 'markdown') {
    for (const m of text.matchAll(MARKDOWN_COMMENT)) {
      const stem = m[1]?.trim();
      const byPath = m[2] ? relativeTo(document.uri, m[2]) : undefined;
      const target = byPath ?? (stem ? noteUriFor(keyFromNoteStem(stem)) : undefined);
      add(m.index, m[0].length, target, vscode.l10n.t('Open the literature note'));
    }
  } else if (language === 'latex') {
    for (const m of text.matchAll(LATEX_COMMENT)) {
      add(m.index + m[0].lastIndexOf(m[1]), m[1].length, relativeTo(document.uri, m[1]), vscode.l10n.t('Open the literature note'));
    }
  }
  return links;
}

/** A path written relative to the draft's folder (percent-encoded as the link writes it), inside the workspace. */
function relativeTo(draft: vscode.Uri, path: string): vscode.Uri | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(decoded) || decoded.startsWith('/')) {
    return undefined;
  }
  const folder = vscode.workspace.getWorkspaceFolder(draft);
  if (!folder) {
    return undefined;
  }
  const draftFolder = splitPath(vscode.workspace.asRelativePath(draft, false)).slice(0, -1);
  return vscode.Uri.joinPath(folder.uri, ...splitPath([...draftFolder, decoded].join('/')));
}
