/**
 * The subset of Python's configparser that jirashell.ini and jirakit's profile file use:
 * `[section]` headers, `key = value` and `key: value`, full-line `#` and `;` comments,
 * indented continuation lines, case-insensitive keys, a DEFAULT section, configparser booleans.
 * npm's `ini` gets `key: value` and continuations wrong (python-jira.md 2), hence this.
 * @see https://docs.python.org/3/library/configparser.html#supported-ini-file-structure
 */

/** Sections by name (case-sensitive, as configparser); keys lower-cased. */
export type IniData = Map<string, Map<string, string>>;

/** A line configparser would refuse. */
export class IniSyntaxError extends Error {
  override name = 'IniSyntaxError';
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
  }
}

/** Parses INI text; DEFAULT values are inherited by every section, as configparser does. */
export function parseIni(text: string): IniData {
  const data: IniData = new Map();
  const defaults = new Map<string, string>();
  let section: Map<string, string> | undefined;
  let lastKey: string | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (/^\s*$/.test(raw)) {
      lastKey = undefined;
      return;
    }
    if (/^\s*[#;]/.test(raw)) return;
    if (/^\s/.test(raw) && section && lastKey !== undefined) {
      section.set(lastKey, `${section.get(lastKey) ?? ''}\n${raw.trim()}`);
      return;
    }
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      const name = header[1] ?? '';
      if (name === 'DEFAULT') section = defaults;
      else {
        section = data.get(name) ?? new Map();
        data.set(name, section);
      }
      lastKey = undefined;
      return;
    }
    const sep = /[=:]/.exec(raw);
    if (!sep) throw new IniSyntaxError(line, `'${raw.trim().slice(0, 40)}' is neither a [section] nor a key = value line`);
    if (!section) throw new IniSyntaxError(line, 'a key comes before any [section] header');
    const key = raw.slice(0, sep.index).trim().toLowerCase();
    if (key === '') throw new IniSyntaxError(line, 'a line has a value but no key');
    section.set(key, raw.slice(sep.index + 1).trim());
    lastKey = key;
  });
  for (const values of data.values()) {
    for (const [key, value] of defaults) if (!values.has(key)) values.set(key, value);
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

/** Writes sections back as INI text that parseIni (and configparser) reads. */
export function stringifyIni(data: IniData, header?: string): string {
  const out: string[] = header ? header.split('\n').map((l) => `# ${l}`) : [];
  for (const [name, values] of data) {
    if (out.length > 0) out.push('');
    out.push(`[${name}]`);
    for (const [key, value] of values) {
      if (/[\r\n]/.test(value)) throw new TypeError(`the value of ${key} holds a line break`);
      out.push(`${key} = ${value}`);
    }
  }
  return `${out.join('\n')}\n`;
}
