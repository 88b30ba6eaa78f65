import { VERSION } from '../version.js';

/**
 * What every request jirakit's transport sends names itself, as curl and python-requests do:
 * Jira's access log and a company proxy or WAF (some refuse requests without one) see who
 * called. Not a browser's, which Jira's XSRF filter would hold POSTs to an Origin check for
 * (docs/jira-wire.md 5.2). A request's own `user-agent` header wins.
 */
export const USER_AGENT = `jirakit/${VERSION} node/${process.versions.node}`;
