#!/usr/bin/python3
"""The reference client: Debian's python3-jira 3.4.1 does the seed procedure against the simulator.

argv: server consumer_key key_path. It runs jira.jirashell.oauth_dance (BROWSER='echo %s'
prints the URL; the test approves and answers y on stdin), then JIRA(...).server_info(),
myself() and a raw signed GET with the same OAuth1 object, printing one JSON line.
"""
import json
import sys

import requests
from jira import JIRA
from jira.jirashell import oauth_dance

server, consumer_key, key_path = sys.argv[1:4]
key_cert_data = open(key_path).read()
oauth = oauth_dance(server, consumer_key, key_cert_data, print_tokens=True, verify=False)
jira = JIRA(options={"server": server}, oauth=oauth)
info = jira.server_info()
me = jira.myself()
raw = requests.get(server + "/rest/api/2/myself?expand=groups&x=a+b", auth=jira._session.auth, headers={"Accept": "*/*"})
issues = jira.search_issues("project = PROJ ORDER BY key ASC", maxResults=False, fields="summary")


# The seed's getlicensecounts(), verbatim in substance.
def getlicensecounts(options, jira):
    url = options["server"] + "/rest/plugins/applications/1.0/installed/jira-software"
    response = requests.get(url, auth=jira._session.auth)
    responsejson = response.json()
    return (responsejson["accessDetails"]["activeUserCount"], responsejson["accessDetails"]["licensedUserCount"])


activecount, totalcount = getlicensecounts({"server": server}, jira)
print(f"Using {activecount} of {totalcount} license slots")
print("RESULT " + json.dumps({"serverInfo": info, "myself": me["name"], "raw": raw.status_code, "rawUser": raw.headers.get("X-AUSERNAME"),
                             "issues": [i.key for i in issues]}))
