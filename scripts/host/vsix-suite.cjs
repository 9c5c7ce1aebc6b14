// Runs inside the extension host for check-vsix.mjs: the extension installed from the .vsix (not
// the repository) activates when the seed digest is opened, registers its commands and searches.
// Plain CommonJS so it needs no build step.
const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'digest-notes.digest-notes';
const SEED_DIGEST = 'hf-daily-papers-mar14.digest.txt';

function say(message) {
  console.log(`${process.env.DIGEST_NOTES_LOG_MARKER ?? ''}[vsix] ${message}`);
}

async function waitFor(probe, what, timeout = 15000) {
  const deadline = Date.now() + timeout;
  while (!probe()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

async function check() {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded`);
  const installedRoot = process.env.DIGEST_NOTES_EXTENSIONS_DIR;
  assert.ok(
    installedRoot && path.resolve(extension.extensionPath).startsWith(path.resolve(installedRoot) + path.sep),
    `the extension was loaded from ${extension.extensionPath}, not from the installed .vsix in ${installedRoot}`,
  );
  say(`loaded from the installed copy ${extension.extensionPath}`);

  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder open');
  const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, SEED_DIGEST));
  await vscode.window.showTextDocument(document);
  assert.equal(document.languageId, 'paper-digest');
  await waitFor(() => extension.isActive, 'the extension to activate');
  say('activates when the seed digest is opened');

  const contributed = (extension.packageJSON.contributes?.commands ?? []).map(c => c.command);
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = contributed.filter(command => !registered.has(command));
  assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  say(`registers its ${contributed.length} contributed commands`);

  // The index runs in dist/indexWorker.js: a search proves the worker was packed and starts.
  const items = await vscode.commands.executeCommand('digestNotes.searchPapers', { query: 'transcoders circuits' });
  await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  assert.equal(items?.[0]?.label, 'Transcoders Find Interpretable LLM Feature Circuits');
  say('searches through its index worker');
}

exports.run = async function run() {
  try {
    await check();
  } catch (error) {
    say(`FAILED: ${error.message}`);
    throw error;
  }
};
