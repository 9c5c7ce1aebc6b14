import * as assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { extensionApi, workspaceFile, workspaceFolder } from './helpers';

/**
 * A workspace with no digest and no bibliography (test/fixtures/empty-workspace, opened by the
 * second host run of `npm test`): the extension stays out of the way. Skipped in other workspaces.
 */

/** Writes a large plain-text log without holding it in memory (as a build or server log is). */
async function writeLog(uri: vscode.Uri, megabytes: number): Promise<void> {
  const line = `${'2026-12-01T00:00:00Z INFO request served in 12 ms from cache, nothing to see here '.repeat(2)}\n`;
  const chunk = line.repeat(Math.ceil((1024 * 1024) / line.length));
  const handle = await open(uri.fsPath, 'w');
  try {
    for (let i = 0; i < megabytes; i++) {
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
}

describe('a workspace that keeps no papers', function () {
  this.timeout(120_000);

  before(function () {
    if (basename(workspaceFolder().fsPath) !== 'empty-workspace') this.skip();
  });

  it('does not warn about [@foo] in a README, and reads no large .txt log to find out', async () => {
    const logs = [workspaceFile('server.log.txt'), workspaceFile('build.txt')];
    for (const log of logs) {
      await writeLog(log, 150);
    }
    // The baseline after Markdown's own extension (and ours) has activated on a first Markdown
    // file: the growth measured is what a README with citation syntax makes ours do.
    const plain = workspaceFile('NOTES.md');
    await vscode.workspace.fs.writeFile(plain, new TextEncoder().encode('# Notes\n\nNothing cited here.\n'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(plain));
    await new Promise(resolve => setTimeout(resolve, 2000));
    const before = process.memoryUsage().rss;
    const readme = workspaceFile('README.md');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(readme));
    const api = await extensionApi();
    await api.keyDiagnostics.refresh(vscode.window.activeTextEditor!.document);
    assert.deepEqual(api.keyDiagnostics.diagnosticsOf(readme), [], 'no unknown-key warning');
    assert.deepEqual(api.workspace.digestUris(), [], 'the workspace was not scanned');
    const growth = (process.memoryUsage().rss - before) / (1024 * 1024);
    console.log(
      `${process.env.DIGEST_NOTES_LOG_MARKER ?? ''}      [perf] extension host growth with 2 x 150 MB .txt logs: ${growth.toFixed(1)} MB`,
    );
    assert.ok(growth < 50, `the host grew by ${growth.toFixed(1)} MB`);
  });
});
