/**
 * The formatted reference as the hover shows it: the style's name, the reference and the
 * in-text citation, escaped like every other text of the hover (a title can hold Markdown).
 */
import { commandUri, escapeMarkdown } from '../library/paperMarkdown';

export interface FormattedForHover {
  readonly key: string;
  readonly styleLabel: string;
  readonly reference: string;
  readonly citation: string;
  /** Why the style named could not be used (the default was). */
  readonly problem?: string;
  /** The copy command's id, linked with the key as argument. */
  readonly copyCommand?: string;
}

export function formattedReferenceMarkdown(formatted: FormattedForHover): string {
  const parts = [`*${escapeMarkdown(formatted.styleLabel)}*`, escapeMarkdown(formatted.reference)];
  const last = [`In text: ${escapeMarkdown(formatted.citation)}`];
  if (formatted.copyCommand !== undefined) last.push(`[Copy](${commandUri(formatted.copyCommand, [formatted.key])})`);
  parts.push(last.join(' · '));
  if (formatted.problem !== undefined) parts.push(`*${escapeMarkdown(formatted.problem)}*`);
  return parts.join('\n\n');
}
