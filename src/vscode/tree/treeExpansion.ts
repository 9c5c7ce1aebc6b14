import type * as vscode from 'vscode';

const STATE_KEY = 'digestNotes.papersExpansion';
/** Enough for every digest and day a writer folds by hand; the oldest are forgotten first. */
const MAX_REMEMBERED = 2000;

/**
 * What the writer folded or opened in the Papers view, by node id, kept in the workspace's state
 * so it survives a reload (VS Code keeps it only while the window lives).
 */
export class TreeExpansion {
  private readonly state: Map<string, boolean>;

  constructor(private readonly memento: vscode.Memento) {
    const saved = memento.get<[string, boolean][]>(STATE_KEY, []);
    this.state = new Map(Array.isArray(saved) ? saved.filter(e => Array.isArray(e) && typeof e[0] === 'string') : []);
  }

  /** True or false when the writer chose; undefined when they never did. */
  isExpanded(id: string): boolean | undefined {
    return this.state.get(id);
  }

  set(id: string, expanded: boolean): void {
    this.state.delete(id);
    this.state.set(id, expanded);
    while (this.state.size > MAX_REMEMBERED) this.state.delete(this.state.keys().next().value!);
    void this.memento.update(STATE_KEY, [...this.state]);
  }
}
