/** The command line's help texts: `digest-notes --help` and `digest-notes <command> --help`. */
import { DEFAULT_MAX_DIGEST_BYTES, formatBytes } from '../core/util/fileLimits';
import { FETCH_HELP } from './fetchCommand';
import { FORMAT_HELP } from './formatCommand';
import { METADATA_HELP } from './metadataCommand';
import { RANK_HELP } from './rankCommand';
import type { CommandName } from './usage';

export const HELP: Record<'main' | CommandName, string> = {
  main: `Usage: digest-notes <command> [options]

Turns saved paper digests into JSON, bibliographies and search results.

Commands:
  parse FILE...                 the papers of digest files (--json for JSON)
  bib FILE... --format F        a bibliography: bibtex, csl-json or csl-yaml
  search QUERY --in PATH...     papers matching QUERY, best first
  metadata FILE... [--online]   authors, year, arXiv id and DOI kept in .digest-notes/metadata.json
  fetch SOURCE... [--out DIR]   today's papers of huggingface or arxiv:CATS written as digest files
  rank PATH... --like ID...     the newest papers ranked by what you like ("For you"), with why
  format KEY... --bibliography F  references as a CSL style prints them (--csl, --in-text, --html)

A FILE is a saved Daily Papers page, a Hugging Face daily-papers JSON, an arXiv listing
e-mail (.txt, .eml) or an arXiv RSS feed, or a folder: its *.digest and *.digest.txt files,
and the .txt, .json, .xml, .rss and .eml files that hold one of these, are read; a named file
not called *.digest or *.digest.txt is read only when its content is one of these.
parse, bib and search complete the papers from .digest-notes/metadata.json in the current
folder when it exists (it is only read); 'metadata --online' fills it.
Only regular files are read (not FIFOs or devices), each of at most --max-size bytes.
Options for every command: --year N (year for day lines without one),
  --max-size BYTES (largest file read; 50M, 2G... default ${formatBytes(DEFAULT_MAX_DIGEST_BYTES)}), --help.
Exit status: 0 success, 1 a file could not be read or holds no papers, 2 bad usage.
Run 'digest-notes <command> --help' for a command's options.`,
  parse: `Usage: digest-notes parse FILE... [--json] [--year N]

Prints the papers of the digests: a table, or with --json one object
{"papers":[{key,title,authors:[{family,given}],year,arxiv,abstract,day,date,links,doi,
 announceType,occurrences:[{path,line}]}],"diagnostics":[{path,line,message,severity}]} with
1-based lines. announceType is an arXiv mailing's or feed's: new, cross, replace,
replace-cross (null for other sources).
authors, year and arxiv come from the digest (the sources carry them) and from
.digest-notes/metadata.json; doi is the paper's own (arXiv's 10.48550/arXiv.<id>, or the
journal's); a DOI the abstract quotes is a link (kind doi), not the paper's. Unknown: [] and null.`,
  bib: `Usage: digest-notes bib FILE|ID... --format bibtex|csl-json|csl-yaml [--out F [--force]] [--existing F] [--online] [--year N]

Prints a bibliography of the digests' papers, or writes it to --out (atomically).
--format defaults to the format of --out's extension (.bib, .json, .yaml).
When --out already exists, the papers it lacks are added to it: its own entries and
formatting are left byte for byte, and its keys and titles are honoured. --force replaces
it instead. A missing --out is created; a symbolic link is written through and stays a link.
--existing F: keys and titles of this bibliography are honoured too, its papers left out.
Entries carry the authors, year, arXiv id and DOI the digests give (Hugging Face JSON, arXiv
e-mails and RSS) and .digest-notes/metadata.json adds; keys it recorded are kept, after the
bibliography's own.
If --out changes while entries are being added, the work is done again once on the new
content; if it changes again, nothing is written and the exit status is 1.
An ID (identifier) is an arXiv id (2406.11944, arXiv:2406.11944v2, hep-th/0507171), an arXiv or
Hugging Face paper link, or a DOI (10.1145/..., doi:10..., https://doi.org/10...): its paper is
taken from .digest-notes/metadata.json, or with --online looked up (arXiv, doi.org; one arXiv
request per 50 ids) and recorded there as added. Offline, each one the file lacks is said
(exit status 1). --endpoint NAME=URL and --verbose as for 'metadata'.`,
  search: `Usage: digest-notes search QUERY --in PATH... [--limit N] [--json] [--year N]

Searches the digests in PATH (files or folders) for QUERY: title, key and abstract, with
prefix and small-typo matching. Prints the best N (default 10) as a table, or with --json
{"results":[{key,title,score}]}.`,
  fetch: FETCH_HELP,
  metadata: `${METADATA_HELP}
  --max-size BYTES      largest digest file read
  --verbose             each request, its answer code and time on standard error`,
  rank: RANK_HELP,
  format: FORMAT_HELP,
};
