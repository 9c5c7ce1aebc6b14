import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CORE_DIR = fileURLToPath(new URL('../../src/core', import.meta.url));

/**
 * Any way a module can pull in `vscode` (or a `vscode/...` subpath): `import ... from`,
 * `export ... from`, side-effect `import '...'`, `import type`, dynamic `import()` and `require()`.
 */
const VSCODE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"`]vscode(?:\/[^'"`]*)?['"`]/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(entry => entry.isFile() && /\.(?:ts|tsx|js|mjs|cjs|mts|cts)$/.test(entry.name))
    .map(entry => join(entry.parentPath, entry.name));
}

describe('src/core purity', () => {
  it('recognises every form of importing vscode', () => {
    const imports = [
      "import * as vscode from 'vscode';",
      'import { window } from "vscode";',
      "import type { Uri } from 'vscode';",
      "export { Uri } from 'vscode';",
      "import 'vscode';",
      "const vscode = require('vscode');",
      "const m = await import('vscode');",
      "import { x } from 'vscode/lib/y';",
      "import {\n  window,\n} from\n'vscode';",
    ];
    for (const line of imports) assert.match(line, VSCODE_IMPORT, line);
    for (const line of ["import { x } from './vscodeish';", "const s = 'vscode';", "import { y } from 'vscode-uri';"]) {
      assert.doesNotMatch(line, VSCODE_IMPORT, line);
    }
  });

  it('never imports vscode in any file under src/core', () => {
    const files = sourceFiles(CORE_DIR);
    assert.ok(
      files.some(file => file.endsWith('parser.ts')),
      'the scan reaches the core sources',
    );
    const offenders = files.filter(file => VSCODE_IMPORT.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
