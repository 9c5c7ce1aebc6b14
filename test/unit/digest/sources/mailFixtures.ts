/**
 * `.eml` messages built around a listing body, for the tests: quoted-printable and base64 bodies,
 * encoded-word subjects, CRLF, multipart. The encoders are the tests' own, small and plain; the
 * reader's result is also checked against postal-mime on the same message.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../../../fixtures/sources/', import.meta.url));

export function fixture(name: string): string {
  return readFileSync(FIXTURES + name, 'utf8');
}

const HEADERS = [
  'Return-Path: <no-reply@arxiv.org>',
  'Received: from mail.arxiv.org by mx.example.org; Tue, 16 Jul 2019 00:33:12 -0400',
  'Date: Tue, 16 Jul 2019 00:31:07 -0400',
  'From: no-reply@arxiv.org',
  'To: writer@example.org',
  // A folded header with an encoded word: "cs daily Subj-class mailing 1 (1 of 1) – 16 Jul".
  'Subject: =?utf-8?Q?cs_daily_Subj-class_mailing_1_(1_of_1)_=E2=80=93?=',
  ' =?utf-8?B?IDE2IEp1bA==?=',
  'MIME-Version: 1.0',
];

export type BodyEncoding = '8bit' | 'quoted-printable' | 'base64';

/** A single-part message with the body encoded as asked, lines joined by `eol`. */
export function emlOf(body: string, encoding: BodyEncoding, eol = '\r\n'): string {
  const head = [...HEADERS, 'Content-Type: text/plain; charset="utf-8"', `Content-Transfer-Encoding: ${encoding}`];
  return [...head, '', ...encodeBody(body, encoding)].join(eol) + eol;
}

/** A multipart/alternative message: an HTML part first, then the listing as text/plain. */
export function multipartEmlOf(body: string, encoding: BodyEncoding): string {
  const boundary = '----=_Part_12_34';
  const lines = [
    ...HEADERS,
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    'This is a multi-part message in MIME format.',
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>not this part</p>',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${encoding}`,
    '',
    ...encodeBody(body, encoding),
    `--${boundary}--`,
    '',
  ];
  return lines.join('\r\n');
}

function encodeBody(body: string, encoding: BodyEncoding): string[] {
  const lines = body.split(/\r\n|\n/);
  if (encoding === '8bit') return lines;
  if (encoding === 'base64') {
    const encoded = Buffer.from(lines.join('\r\n'), 'utf8').toString('base64');
    const out: string[] = [];
    for (let at = 0; at < encoded.length; at += 76) out.push(encoded.slice(at, at + 76));
    return out;
  }
  return lines.flatMap(quotedPrintableLine);
}

/** One body line as quoted-printable: `=`, non-ASCII and trailing spaces escaped, soft breaks at 76. */
function quotedPrintableLine(line: string): string[] {
  let escaped = '';
  const bytes = Buffer.from(line, 'utf8');
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const trailingSpace = (b === 32 || b === 9) && i === bytes.length - 1;
    escaped += b === 61 || b > 126 || trailingSpace ? `=${b.toString(16).toUpperCase().padStart(2, '0')}` : String.fromCharCode(b);
  }
  const out: string[] = [];
  while (escaped.length > 76) {
    let cut = 75;
    // Never split an =XX escape.
    if (escaped[cut - 1] === '=') cut -= 1;
    else if (escaped[cut - 2] === '=') cut -= 2;
    out.push(escaped.slice(0, cut) + '=');
    escaped = escaped.slice(cut);
  }
  out.push(escaped);
  return out;
}

/** The fixture's body with one entry's authors written with TeX accents and a UTF-8 name. */
export const ACCENTED_ENTRY = [
  '\\\\',
  'arXiv:1907.99999',
  'Date: Mon, 15 Jul 2019 10:00:00 GMT   (10kb)',
  '',
  'Title: Schr\\"odinger Bridges for Sol\\`a-Style Transport with a Title Long Enough',
  '  to Wrap Twice and Then',
  '  Wrap Again',
  'Authors: Joan Sol\\`a, J{\\"o}rg M{\\"u}ller, Zoë Ångström, Martin Luther King, Jr. and',
  '  Bla\\v{z} \\v{S}krlj',
  'Categories: cs.LG stat.ML',
  'Journal-ref: Proc. Imaginary Conf. 2019',
  'DOI: 10.1234/imaginary.2019.1',
  '\\\\',
  '  An abstract that says = and 100% and “quotes” so quoted-printable has work to do.',
  '\\\\ ( https://arxiv.org/abs/1907.99999 ,  10kb)',
  '------------------------------------------------------------------------------',
].join('\n');
