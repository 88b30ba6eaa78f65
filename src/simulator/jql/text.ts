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

/** The most terms one text query may have. */
export const MAX_TEXT_TERMS = 50;

/** Each text's words for the last text asked of it, so many clauses over many issues split it once. */
const WORDS = new Map<string, string[]>();

function cachedWords(text: string): string[] {
  // Only short texts are kept (summaries, most descriptions): memory stays under ~40 MB.
  if (text.length > 1000) return words(text);
  let w = WORDS.get(text);
  if (!w) {
    w = words(text);
    WORDS.set(text, w);
    // Bounded: the oldest entries go first.
    if (WORDS.size > 20_000) WORDS.delete(WORDS.keys().next().value as string);
  }
  return w;
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
  if (terms.length > MAX_TEXT_TERMS) throw new JqlError(`The text query for field '${field}' is too long: it has more than ${MAX_TEXT_TERMS} terms.`);
  return (text) => {
    const have = cachedWords(text);
    return terms.every((t) => have.some((w) => (t.wildcard ? w.startsWith(t.base) : w === t.base)));
  };
}
