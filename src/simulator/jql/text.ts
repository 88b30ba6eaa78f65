/**
 * `~` text search, approximating Jira's Lucene index: words are lower-cased, a trailing `*` or `?`
 * is a prefix wildcard, a simple English plural or -ing/-ed suffix is stemmed away, every term must
 * match, and a quoted phrase must appear as written. Leading wildcards are refused, as Jira does.
 */
import { JqlError } from './lexer.js';

const WORD = /[\p{L}\p{N}]+/gu;

function stem(word: string): string {
  return word.length > 3 ? word.replace(/(ing|ed|s)$/, '') : word;
}

/** The words of a text, stemmed, for matching. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map(stem);
}

/** Compiles a text query into a matcher over a document's text. */
export function textMatcher(query: string, field: string): (text: string) => boolean {
  const q = query.trim();
  if (/^[*?]/.test(q)) throw new JqlError(`The text query '${query}' for field '${field}' is not allowed to start with a wildcard.`);
  const phrase = /^"(.*)"$/.exec(q);
  if (phrase) {
    const wanted = (phrase[1] ?? '').toLowerCase();
    return (text) => text.toLowerCase().includes(wanted);
  }
  const terms = q.split(/\s+/).filter(Boolean).map((t) => {
    const wildcard = /[*?]$/.test(t);
    const base = t.toLowerCase().replace(/[*?]+$/, '').match(WORD)?.join('') ?? '';
    return { base: wildcard ? base : stem(base), wildcard };
  }).filter((t) => t.base !== '');
  if (terms.length === 0) return () => false;
  return (text) => {
    const have = words(text);
    return terms.every((t) => have.some((w) => (t.wildcard ? w.startsWith(t.base) : w === t.base)));
  };
}
