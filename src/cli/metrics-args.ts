/**
 * The flags `jirakit metrics` and `jirakit exporter` share: which applications, where seats come
 * from, and whether dates are read (docs/metrics.md 3). Checked here so both commands refuse the
 * same mistakes with the same sentence.
 */
import { isApplicationKey, type CollectOptions, type LicenseSource } from '../index.js';
import { UsageError } from './usage-error.js';

/** parseArgs definitions of the shared flags. */
export const READ_OPTIONS = {
  app: { type: 'string', multiple: true },
  source: { type: 'string' },
  'no-expiry': { type: 'boolean' },
} as const;

/** Help lines of the shared flags. */
export const READ_HELP = `  --app KEY             application (default jira-software; repeatable or
                        comma-separated; 'all' for every role Jira lists)
  --source S            upm, applicationrole or auto (default: UPM, then
                        applicationrole), as check_jira_license
  --no-expiry           do not read license and maintenance expiry (UPM's
                        license resource meets WebSudo with a PAT)`;

/** The shared flags as parsed by parseArgs. */
export interface ReadValues {
  readonly app?: string[] | undefined;
  readonly source?: string | undefined;
  readonly 'no-expiry'?: boolean | undefined;
}

/** The read options the flags ask for; a UsageError for an empty or malformed key or an unknown source. */
export function readOptionsOf(values: ReadValues): Omit<CollectOptions, 'signal' | 'now'> {
  const apps = (values.app ?? []).flatMap((a) => a.split(',')).map((a) => a.trim());
  for (const key of apps) {
    if (key !== 'all' && !isApplicationKey(key)) {
      throw new UsageError(`--app takes an application key such as jira-software (or all), not ${key === '' ? 'an empty value' : `'${key}'`}`, { hint: 'GET /rest/api/2/applicationrole lists the keys' });
    }
  }
  const source = values.source ?? 'auto';
  if (!['upm', 'applicationrole', 'auto'].includes(source)) {
    throw new UsageError(`--source takes upm, applicationrole or auto, not '${source}'`, { hint: 'auto reads UPM, then applicationrole' });
  }
  return { apps: apps.length > 0 ? [...new Set(apps)] : ['jira-software'], source: source as LicenseSource, expiry: values['no-expiry'] !== true };
}
