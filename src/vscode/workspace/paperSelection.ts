import * as vscode from 'vscode';

/** Where a paper was selected: views that follow the selection ignore their own. */
export type SelectionSource = 'papersTree' | 'draftCursor';

export interface PaperSelectionEvent {
  readonly key: string;
  readonly source: SelectionSource;
}

/**
 * The paper the writer is looking at, as a typed event: the Papers tree announces its selection
 * here and the Cited In view follows it, without either feature knowing the other.
 */
export class PaperSelection implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<PaperSelectionEvent>();
  readonly onDidSelect = this.emitter.event;

  select(key: string, source: SelectionSource): void {
    this.emitter.fire({ key, source });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
