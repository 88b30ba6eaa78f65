/**
 * The error of a license answer that arrived but cannot be trusted: a number missing, null, not a
 * whole number, negative, or contradicted by another field (docs/cli.md, "Errors and exit
 * codes": OK, WARNING and CRITICAL only from numbers that were read and make sense).
 */
import { ERROR_NAMES, type ErrorOptions, JiraKitError, isErrorOf } from '../errors/jira-kit-error.js';

/** Which resource gave the answer (jira-wire.md 4.3, 4.4). */
export type LicenseResource = 'upm' | 'upm-license' | 'applicationrole' | 'applicationrole-list';

/** How each resource is named in a message. */
const SPEAKERS: Readonly<Record<LicenseResource, string>> = {
  upm: "UPM's answer",
  'upm-license': "UPM's license",
  applicationrole: "Jira's applicationrole answer",
  'applicationrole-list': "Jira's list of application roles",
};

const HINTS: Readonly<Record<LicenseResource, string>> = {
  upm: "UPM's resource is private and may change; read the documented applicationrole resource instead (source 'applicationrole')",
  'upm-license': 'Check the license in Administration > Applications > Versions & licenses',
  applicationrole: 'Check the application key (GET /rest/api/2/applicationrole lists them), or read UPM instead (source \'upm\')',
  'applicationrole-list': 'Name the applications to check instead of all',
};

/** What a LicenseDataError knows. */
export interface LicenseDataErrorInit extends ErrorOptions {
  readonly resource: LicenseResource;
  /** The application key asked about; undefined for the list of roles. */
  readonly app?: string | undefined;
  /** The field that was wrong, as a path in the answer (`accessDetails.activeUserCount`), or '' for the whole answer. */
  readonly field: string;
  /** What is wrong with it, completing "<who>'s answer for <app> ...". */
  readonly problem: string;
}

/** A license answer with a field missing, null, not a whole number, negative, or contradictory. */
export class LicenseDataError extends JiraKitError {
  override name = 'LicenseDataError';
  /** The resource that answered. */
  readonly resource: LicenseResource;
  /** The application key asked about. */
  readonly app: string | undefined;
  /** The field that was wrong ('' for the whole answer). */
  readonly field: string;

  constructor(init: LicenseDataErrorInit) {
    const who = `${SPEAKERS[init.resource]}${init.app === undefined ? '' : ` for ${init.app}`}`;
    super(`${who} ${init.problem}`, { hint: init.hint ?? HINTS[init.resource], cause: init.cause });
    this.resource = init.resource;
    this.app = init.app;
    this.field = init.field;
  }
}

/** True for a LicenseDataError, from this copy of jirakit or another. */
export function isLicenseDataError(error: unknown): error is LicenseDataError {
  return isErrorOf(error, LicenseDataError, ERROR_NAMES.license);
}

/** A short, safe account of a JSON value for a message: its JSON up to 40 characters. */
export function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
