/**
 * A small wiki-markup renderer for `renderedFields` and `renderedBody`: paragraphs, line breaks,
 * *bold*, _italic_, {{monospace}} and escaping. Jira's renderer does far more; anything else shows
 * as text (docs/simulator.md).
 */
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Renders wiki markup as Jira's HTML would, for the common cases. */
export function renderWiki(text: string): string {
  if (text === '') return '';
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((para) => {
      const html = para
        .replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
        .replace(/\{\{(.+?)\}\}/g, '<tt>$1</tt>')
        .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s).,;:!?]|$)/g, '$1<b>$2</b>')
        .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,;:!?]|$)/g, '$1<em>$2</em>')
        .replace(/\r?\n/g, '<br/>\n');
      return `<p>${html}</p>`;
    })
    .join('\n\n');
}
