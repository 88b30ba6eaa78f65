/**
 * The config files jirakit reads whole (profiles.ini, jirashell.ini), each within a bound and
 * every failure a ConfigError that names the file and says what to do (read-file-bounded.ts).
 */
import { ConfigError } from '../errors/jira-kit-error.js';
import { FileTooLargeError, readFileBounded } from '../read-file-bounded.js';

export { FileTooLargeError, readFileBounded };

/** The most jirakit reads of profiles.ini or jirashell.ini; real ones are a few KiB. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

const READ_HINTS: Readonly<Record<string, string>> = {
  EACCES: 'Check its owner and mode: it should be yours, mode 0600',
  EPERM: 'Check its owner and mode: it should be yours, mode 0600',
  EISDIR: 'It is a directory: move it away',
  ELOOP: 'It is a loop of symbolic links: fix or remove the link',
};

/**
 * Reads a config file that jirakit reads whole (profiles.ini, jirashell.ini); undefined when it
 * does not exist. `what` names it in messages ("The profile file"); `hint` says what to do with
 * a file that is too large.
 */
export function readConfigFile(path: string, what: string, tooLargeHint: string): string | undefined {
  try {
    return readFileBounded(path, MAX_CONFIG_BYTES);
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      const size = error.size === undefined ? 'more than that' : sizeText(error.size);
      throw new ConfigError(`${what} ${path} is too large to be a config file (${size}; jirakit reads at most ${sizeText(MAX_CONFIG_BYTES)})`, { hint: tooLargeHint });
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError(`Could not read ${what.replace(/^The /, 'the ')} ${path} (${code ?? 'error'})`, {
      hint: READ_HINTS[code ?? ''] ?? 'Check that it is a readable file',
      cause: error,
    });
  }
}
