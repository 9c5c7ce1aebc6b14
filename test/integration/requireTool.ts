/**
 * A check that needs a program fails, saying why, when the program is missing: `npm test` never
 * passes by skipping it. A developer who means to run without it sets the variable named in the
 * message; only then is the check skipped (and says so).
 */
import { spawnSync } from 'node:child_process';

export const ALLOW_MISSING_PANDOC = 'DIGEST_NOTES_ALLOW_MISSING_PANDOC';

/** pandoc's version line, or undefined when it does not run. */
export function pandocVersion(): string | undefined {
  const result = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
  return result.error === undefined && result.status === 0 ? result.stdout.split('\n')[0] : undefined;
}

/**
 * pandoc's version line. When pandoc is missing: the test is skipped if
 * DIGEST_NOTES_ALLOW_MISSING_PANDOC=1, else it fails with what to do.
 */
export function requirePandoc(test: Mocha.Context, env: NodeJS.ProcessEnv = process.env): string {
  const version = pandocVersion();
  if (version !== undefined) return version;
  if (env[ALLOW_MISSING_PANDOC] === '1') {
    console.log(`      pandoc was not found on PATH: skipped, as ${ALLOW_MISSING_PANDOC}=1 asks`);
    test.skip();
  }
  throw new Error(
    `pandoc was not found on PATH: \`npm run setup\` installs it (apt-get install pandoc); ` +
      `to run the tests without the pandoc checks on purpose, set ${ALLOW_MISSING_PANDOC}=1`,
  );
}
