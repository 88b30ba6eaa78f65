#!/usr/bin/python3
"""python-jira's side of the search benchmark: search_issues(jql, maxResults=False) over the
simulator with a PAT, as a user's script would. Prints the count, seconds and peak RSS as JSON.
argv: server token jql fields"""
import json
import resource
import sys
import time

from jira import JIRA

server, token, jql, fields = sys.argv[1:5]
t0 = time.perf_counter()
jira = JIRA(server=server, token_auth=token)
issues = jira.search_issues(jql, maxResults=False, fields=fields)
count = len(issues)
print(json.dumps({"count": count, "seconds": time.perf_counter() - t0, "maxRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
