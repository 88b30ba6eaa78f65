#!/usr/bin/python3
"""The seed's check-jira-license script made into a Nagios plugin: jirashell's get_config for the
command line, python-jira with OAuth, the raw UPM request with jira._session.auth. The Python side
of `npm run bench`. Usage: as jirashell (--server --consumer-key --access-token
--access-token-secret --key-cert); thresholds fixed at 90%/100% like jirakit's defaults."""
import sys

import requests
from jira.jirashell import get_config, JIRA


def getlicensecounts(options, jira):
    url = options["server"] + "/rest/plugins/applications/1.0/installed/jira-software"
    response = requests.get(url, auth=jira._session.auth)
    responsejson = response.json()
    return (responsejson["accessDetails"]["activeUserCount"], responsejson["accessDetails"]["licensedUserCount"])


def main():
    try:
        options, basic_auth, oauth, kerberos_auth = get_config()
        jira = JIRA(options=options, oauth=oauth)
        active, total = getlicensecounts(options, jira)
    except Exception as e:  # a plugin must never exit 1 by accident
        print(f"JIRA LICENSE UNKNOWN - {e}")
        sys.exit(3)
    pct = 100.0 * active / total
    state, code = ("CRITICAL", 2) if pct >= 100 else ("WARNING", 1) if pct >= 90 else ("OK", 0)
    print(f"JIRA LICENSE {state} - Using {active} of {total} license slots | 'jira-software_active'={active};;;0;{total}")
    sys.exit(code)


if __name__ == "__main__":
    main()
