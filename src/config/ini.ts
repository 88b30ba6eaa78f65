/**
 * The subset of Python's configparser that jirashell.ini and jirakit's profile file use:
 * `[section]` headers, `key = value` and `key: value`, full-line `#` and `;` comments,
 * indented continuation lines, case-insensitive keys, a DEFAULT section, configparser booleans.
 * npm's `ini` gets `key: value` and continuations wrong (python-jira.md 2), hence this.
 * @see https://docs.python.org/3/library/configparser.html#supported-ini-file-structure
 */

/** Sections by name (case-sensitive, as configparser); keys lower-cased. */
export type IniData = Map<string, Map<string, string>>;

/** A line configparser would refuse. Its message names the line (and a plain key), never the line's text: it may hold a secret. */
export class IniSyntaxError extends Error {
  override name = 'IniSyntaxError';
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

type Lines = Map<string, string[]>;

/** The key of a `key = value` line, if it is safe to show: a mistyped line may hold a secret where the key should be. */
function shownKey(value: string): string | undefined {
  const key = /^([^=:]*)[=:]/.exec(value)?.[1]?.trim();
  return key !== undefined && /^[\w.-]{1,40}$/.test(key) ? key.toLowerCase() : undefined;
}

function missingSection(line: number, value: string): IniSyntaxError {
  const key = shownKey(value);
  return new IniSyntaxError(line, `${key === undefined ? 'a line' : `key '${key}'`} comes before any [section] header`);
}

/**
 * Parses INI text as configparser's `_read` does: a line indented deeper than the line that
 * started the current key continues its value (blank lines inside kept, trailing ones dropped);
 * anything else is a header or a new key. DEFAULT values are inherited by every section.
 */
export function parseIni(text: string): IniData {
  const sections = new Map<string, Lines>();
  const defaults: Lines = new Map();
  let section: Lines | undefined;
  let key: string | undefined;
  let indent = 0;
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const value = raw.trim();
    if (value.startsWith('#') || value.startsWith(';')) return;
    if (value === '') {
      if (section && key !== undefined) section.get(key)?.push('');
      return;
    }
    const level = raw.length - raw.trimStart().length;
    if (section && key !== undefined && level > indent) {
      section.get(key)?.push(value);
      return;
    }
    indent = level;
    const header = /^\[(.+)\]/.exec(value);
    if (header) {
      const name = header[1] ?? '';
      section = name === 'DEFAULT' ? defaults : (sections.get(name) ?? new Map());
      if (name !== 'DEFAULT') sections.set(name, section);
      key = undefined;
      return;
    }
    if (!section) throw missingSection(line, value);
    const sep = /[=:]/.exec(value);
    if (!sep) throw new IniSyntaxError(line, "no '=' or ':', and not a [section] header");
    key = value.slice(0, sep.index).trim().toLowerCase();
    if (key === '') throw new IniSyntaxError(line, "a value with no key before its '=' or ':'");
    section.set(key, [value.slice(sep.index + 1).trim()]);
  });
  const join = (lines: Lines): Map<string, string> => new Map([...lines].map(([k, v]) => [k, v.join('\n').trimEnd()]));
  const data: IniData = new Map();
  const inherited = join(defaults);
  for (const [name, lines] of sections) {
    const values = join(lines);
    for (const [k, v] of inherited) if (!values.has(k)) values.set(k, v);
    data.set(name, values);
  }
  return data;
}

const TRUE = new Set(['1', 'yes', 'true', 'on']);
const FALSE = new Set(['0', 'no', 'false', 'off']);

/** configparser's getboolean: 1/yes/true/on and 0/no/false/off, any case; undefined otherwise. */
export function iniBoolean(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

/**
 * Why a value cannot be written so that parseIni and configparser read it back unchanged
 * (undefined when it can): both strip each line and drop trailing blank lines and comment lines.
 */
export function iniValueProblem(value: string): string | undefined {
  if (value.includes('\r')) return 'it holds a carriage return';
  const lines = value.split('\n');
  if (lines.some((l) => l !== l.trim())) return 'a line of it starts or ends with white space';
  if (lines.length > 1 && lines[lines.length - 1] === '') return 'it ends with a line break';
  if (lines.slice(1).some((l) => l.startsWith('#') || l.startsWith(';'))) return "a line of it after the first starts with '#' or ';'";
  return undefined;
}

/** Writes sections back as INI text that parseIni (and configparser) reads; a multi-line value becomes continuation lines. */
export function stringifyIni(data: IniData, header?: string): string {
  const out: string[] = header ? header.split('\n').map((l) => `# ${l}`) : [];
  for (const [name, values] of data) {
    if (/[\r\n]/.test(name)) throw new TypeError('a section name holds a line break');
    if (out.length > 0) out.push('');
    out.push(`[${name}]`);
    for (const [key, value] of values) {
      const problem = iniValueProblem(value);
      // Never the value in the message: it is likely a token.
      if (problem !== undefined) throw new TypeError(`the value of ${key} cannot be written to an INI file: ${problem}`);
      const [first = '', ...rest] = value.split('\n');
      out.push(first === '' ? `${key} =` : `${key} = ${first}`, ...rest.map((l) => (l === '' ? '' : `\t${l}`)));
    }
  }
  return `${out.join('\n')}\n`;
}
