#!/usr/bin/python3
"""python-jira 3.4.1's JIRA methods, family by family, against the simulator.

argv: server auth(basic|pat|oauth) credential [consumer_key key_path token] voter_issue
Each family runs in its own try block and prints one line "FAMILY name {json}" with what the
methods returned and what a second call read back; an exception becomes {"error": ..., "status": ...}.
The test (python-jira-api.test.ts) asserts on the values.
"""
import io
import json
import sys
import traceback

from jira import JIRA, JIRAError

server, auth, credential = sys.argv[1:4]
if auth == "basic":
    user, password = credential.split(":", 1)
    jira = JIRA(server=server, basic_auth=(user, password))
elif auth == "pat":
    jira = JIRA(server=server, token_auth=credential)
else:
    consumer_key, key_path = sys.argv[4:6]
    jira = JIRA(server=server, oauth={"access_token": credential, "access_token_secret": "", "consumer_key": consumer_key, "key_cert": open(key_path).read()})
voter_issue = sys.argv[-1]
tag = auth.upper()


def family(name):
    def wrap(fn):
        try:
            out = fn()
        except JIRAError as e:
            out = {"error": e.text, "status": e.status_code}
        except Exception as e:  # a client-side failure is a result too
            out = {"error": repr(e), "trace": traceback.format_exc()}
        print("FAMILY " + name + " " + json.dumps(out, default=str), flush=True)
        return fn

    return wrap


def attempt(fn):
    """An administrator's write: its result, or the error Jira answered (WebSudo for PATs)."""
    try:
        return fn()
    except JIRAError as e:
        return {"error": e.text, "status": e.status_code}


def status_of(call):
    try:
        call()
        return 200
    except JIRAError as e:
        return e.status_code


@family("server")
def _():
    return {"version": jira.server_info()["versionNumbers"], "myself": jira.myself()["name"], "current": jira.current_user(), "session": jira.session().name}


@family("issues")
def _():
    issue = jira.create_issue(project="PROJ", summary=f"{tag} made by python", issuetype={"name": "Bug"}, priority={"name": "High"}, labels=["py"], components=[{"name": "Backend"}])
    issue.update(summary=f"{tag} renamed", description="Some *bold* text", notify=False)
    issue.add_field_value("labels", "second")
    jira.assign_issue(issue, "jdoe")
    again = jira.issue(issue.key, expand="changelog,renderedFields,names,schema,transitions,editmeta")
    sub = jira.create_issue(project="PROJ", summary="child", issuetype={"name": "Sub-task"}, parent={"key": issue.key})
    bulk = jira.create_issues([{"project": "PROJ", "summary": "bulk one", "issuetype": {"name": "Task"}}, {"project": "PROJ", "summary": "", "issuetype": {"name": "Task"}}])
    meta = jira.createmeta(projectKeys="PROJ", issuetypeNames="Bug", expand="projects.issuetypes.fields")
    edit = jira.editmeta(issue.key)
    child_delete = status_of(lambda: jira.issue(issue.key).delete())
    issue.delete(deleteSubtasks=True)
    gone = status_of(lambda: jira.issue(sub.key))
    return {
        "key": issue.key, "priority": again.fields.priority.name, "summary": again.fields.summary, "labels": again.fields.labels,
        "components": [c.name for c in again.fields.components], "assignee": again.fields.assignee.name,
        "changelogFields": sorted({i.field for h in again.changelog.histories for i in h.items}),
        "renderedDescription": again.renderedFields.description, "names": again.names.summary,
        "transitions": [t["name"] for t in again.raw["transitions"]], "editmetaSummary": again.raw["editmeta"]["fields"]["summary"]["required"],
        "subtaskParent": sub.fields.parent.key,
        "bulk": [r["status"] for r in bulk], "bulkSummary": bulk[0]["issue"].fields.summary,
        "createmetaFields": sorted(meta["projects"][0]["issuetypes"][0]["fields"].keys())[:5], "editmetaHasLabels": "labels" in edit["fields"],
        "deleteWithSubtasks": child_delete, "subtaskAfterDelete": gone,
    }


@family("transitions")
def _():
    issue = jira.create_issue(project="OPS", summary=f"{tag} to resolve", issuetype={"name": "Task"})
    names = [t["name"] for t in jira.transitions(issue)]
    jira.transition_issue(issue, "Resolve Issue", fields={"resolution": {"name": "Won't Fix"}}, comment="resolving")
    done = jira.issue(issue.key)
    return {"names": names, "status": done.fields.status.name, "resolution": done.fields.resolution.name, "comments": [c.body for c in jira.comments(issue)]}


@family("comments")
def _():
    issue = jira.issue("PROJ-3")
    first = jira.add_comment(issue, "hello *world*")
    second = jira.add_comment("PROJ-4", "for admins", visibility={"type": "role", "value": "Administrators"})
    one = jira.comment(issue, first.id, expand="renderedBody")
    one.update(body="edited")
    after = jira.comment(issue, first.id)
    listed = [c.id for c in jira.comments(issue)]
    jira.comment(issue, first.id).delete()
    return {"ids": [first.id, second.id], "rendered": one.renderedBody, "updated": after.body, "visibility": jira.comment("PROJ-4", second.id).visibility.value,
            "listed": first.id in listed, "afterDelete": status_of(lambda: jira.comment(issue, first.id))}


@family("worklogs")
def _():
    issue = jira.create_issue(project="OPS", summary=f"{tag} worklog", issuetype={"name": "Task"}, timetracking={"originalEstimate": "1d"})
    w = jira.add_worklog(issue, timeSpent="2h", comment="did things")
    jira.add_worklog(issue, timeSpent="1h", adjustEstimate="new", newEstimate="3h")
    remaining = jira.issue(issue.key).fields.timetracking.remainingEstimate
    w2 = jira.worklog(issue, w.id)
    w2.update(timeSpent="3h")
    logs = jira.worklogs(issue)
    jira.worklog(issue, w.id).delete(adjustEstimate="leave")
    return {"spent": w.timeSpent, "remaining": remaining, "updated": [x.timeSpent for x in logs], "left": len(jira.worklogs(issue))}


@family("attachments")
def _():
    data = io.BytesIO(b"\x00\x01binary\xffdata")
    a = jira.add_attachment("PROJ-5", data, filename="blob.bin")
    meta = jira.attachment(a.id)
    content = meta.get()
    on_issue = [x.filename for x in jira.issue("PROJ-5").fields.attachment]
    jira.delete_attachment(a.id)
    return {"filename": a.filename, "size": meta.size, "content": list(content), "meta": jira.attachment_meta(), "onIssue": on_issue, "afterDelete": status_of(lambda: jira.attachment(a.id))}


@family("links")
def _():
    types = [t.name for t in jira.issue_link_types()]
    jira.create_issue_link("Blocks", "PROJ-6", "PROJ-7")
    links = jira.issue("PROJ-6").fields.issuelinks
    link = jira.issue_link(links[0].id)
    jira.delete_issue_link(link.id)
    simple = jira.add_simple_link("PROJ-6", {"url": "https://example.com/a", "title": "A page"})
    remote = jira.add_remote_link("PROJ-6", {"url": "https://example.com/b", "title": "B"}, globalId="system=b")
    titles = [r.object.title for r in jira.remote_links("PROJ-6")]
    one = jira.remote_link("PROJ-6", simple.id)
    jira.delete_remote_link("PROJ-6", global_id="system=b")
    jira.delete_remote_link("PROJ-6", internal_id=simple.id)
    return {"types": types, "type": link.type.name, "outward": link.outwardIssue.key, "afterLinkDelete": len(jira.issue("PROJ-6").fields.issuelinks),
            "titles": titles, "one": one.object.url, "remoteAfter": len(jira.remote_links("PROJ-6")), "remoteId": remote.id > 0}


@family("watchers")
def _():
    jira.add_watcher("PROJ-8", "jdoe")
    names = sorted(w.name for w in jira.watchers("PROJ-8").watchers)
    jira.remove_watcher("PROJ-8", "jdoe")
    after = jira.watchers("PROJ-8").watchCount
    jira.add_vote(voter_issue)
    votes = jira.votes(voter_issue).votes
    jira.remove_vote(voter_issue)
    jira.add_issue_property("PROJ-8", "py.prop", {"n": 1})
    return {"names": names, "after": after, "votes": votes, "votesAfter": jira.votes(voter_issue).votes,
            "properties": [p.key for p in jira.issue_properties("PROJ-8")], "value": jira.issue_property("PROJ-8", "py.prop").value.n}


@family("search")
def _():
    hits = jira.search_issues('(project = OPS OR project = PROJ) AND summary ~ "backup" AND NOT status = Closed ORDER BY priority DESC, key ASC', maxResults=False, fields="summary,priority")
    empty = jira.search_issues("project = PROJ AND assignee IS EMPTY AND created >= -3650d", maxResults=5, fields="assignee")
    mine = jira.search_issues("reporter = currentUser() AND assignee in membersOf('jira-software-users')", maxResults=1, json_result=True)
    bad = status_of(lambda: jira.search_issues("colour = red"))
    return {"count": len(hits), "allBackup": all("backup" in i.fields.summary.lower() for i in hits), "unassigned": [i.fields.assignee for i in empty], "mineTotal": mine["total"] > 0, "bad": bad}


@family("projects")
def _():
    key = "PY" + tag[0]

    def write():
        made = jira.create_project(key, name=f"Python {tag}")
        p = jira.project(key)
        roles = jira.project_roles(key)
        role = jira.project_role(key, roles["Developers"]["id"])
        role.add_user(users="jdoe")
        actors = sorted(a["name"] for a in jira.project_role(key, roles["Developers"]["id"]).raw["actors"])
        deleted = jira.delete_project(key)
        return {"made": made["key"], "lead": p.lead.name, "actors": actors, "deleted": deleted, "afterDelete": status_of(lambda: jira.project(key))}

    return {"schemes": [s["name"] for s in jira.permissionschemes()], "templates": "Basic software development" in jira.templates(), "listed": sorted(x.key for x in jira.projects()),
            "roles": sorted(jira.project_roles("PROJ")), "admins": [a["name"] for a in jira.project_role("PROJ", "10002").raw["actors"]], "write": attempt(write)}


@family("components")
def _():
    c = jira.create_component(f"{tag} comp", "PROJ", description="d", leadUserName="jdoe", assigneeType="COMPONENT_LEAD")
    c.update(name=f"{tag} comp2")
    got = jira.component(c.id)
    names = [x.name for x in jira.project_components("PROJ")]
    count = jira.component_count_related_issues(c.id)
    jira.delete_component(c.id)
    return {"name": got.name, "lead": got.lead.name, "listed": f"{tag} comp2" in names, "count": count, "afterDelete": status_of(lambda: jira.component(c.id))}


@family("versions")
def _():
    v = jira.create_version(f"{tag}-2.0", "PROJ", releaseDate="2027-01-31")
    jira.move_version(v.id, position="First")
    first = jira.project_versions("PROJ")[0].name
    jira.rename_version("PROJ", f"{tag}-2.0", f"{tag}-2.1")
    got = jira.version(v.id)
    counts = jira.version_count_related_issues(v.id)
    unresolved = jira.version_count_unresolved_issues(v.id)
    got.delete()
    return {"first": first, "name": got.name, "releaseDate": got.releaseDate, "counts": counts, "unresolved": unresolved, "afterDelete": status_of(lambda: jira.version(v.id))}


@family("users")
def _():
    name = f"py{tag.lower()}"

    def write():
        created = jira.add_user(name, f"{name}@example.com", password="pw")
        back = jira.user(name).emailAddress
        return {"created": created, "back": back, "deleted": jira.delete_user(name), "afterDelete": status_of(lambda: jira.user(name))}

    return {"found": [u.name for u in jira.search_users("j")], "everyone": [u.name for u in jira.search_users(".")],
            "assignable": [u.name for u in jira.search_assignable_users_for_issues("a", issueKey="PROJ-1")],
            "multi": [u.name for u in jira.search_assignable_users_for_projects("", "PROJ,OPS")],
            "viewers": [u.name for u in jira.search_allowed_users_for_issue("a", issueKey="PROJ-1")],
            "avatars": len(jira.user_avatars("jdoe")["system"]) > 0, "jdoe": jira.user("jdoe").displayName, "write": attempt(write)}


@family("groups")
def _():
    group = f"py-{tag.lower()}"

    def write():
        jira.add_group(group)
        jira.add_user_to_group("jdoe", group)
        members = list(jira.group_members(group).keys())
        jira.remove_user_from_group("jdoe", group)
        after = list(jira.group_members(group).keys())
        jira.remove_group(group)
        return {"members": members, "after": after, "gone": group not in jira.groups()}

    return {"groups": jira.groups(), "admins": list(jira.group_members("jira-administrators").keys()),
            "perm": jira.my_permissions(projectKey="PROJ")["permissions"]["DELETE_ISSUES"]["havePermission"], "write": attempt(write)}


@family("metadata")
def _():
    return {
        "priorities": [p.name for p in jira.priorities()], "priority": jira.priority("2").name, "statuses": [s.name for s in jira.statuses()], "status": jira.status("3").name,
        "categories": [c.key for c in jira.statuscategories()], "category": jira.statuscategory(3).name, "resolutions": [r.name for r in jira.resolutions()], "resolution": jira.resolution("1").name,
        "types": [t.name for t in jira.issue_types()], "type": jira.issue_type_by_name("Story").id, "fields": "customfield_10100" in [f["id"] for f in jira.fields()],
        "option": jira.custom_field_option("10200").value, "title": jira.application_properties(key="jira.title")["value"],
    }


@family("settings")
def _():
    def write():
        jira.set_application_property("jira.option.voting", "false")
        return {"voting": jira.application_properties(key="jira.option.voting")["value"]}

    return {"before": jira.application_properties(key="jira.option.voting")["value"], "write": attempt(write)}


@family("filters")
def _():
    f = jira.create_filter(name=f"{tag} filter", description="mine", jql="project = OPS", favourite=True)
    updated = jira.update_filter(f.id, jql="project = PROJ")
    got = jira.filter(f.id)
    favourites = [x.name for x in jira.favourite_filters()]
    return {"jql": got.jql, "updatedName": updated.name, "favourite": f"{tag} filter" in favourites, "dashboards": [d.name for d in jira.dashboards()], "dashboard": jira.dashboard("10000").name}


@family("agile")
def _():
    f = jira.create_filter(name=f"{tag} board filter", jql="project = OPS ORDER BY Rank ASC")
    board = jira.create_board(f"{tag} board", f.id)
    sprint = jira.create_sprint(f"{tag} sprint", board.id, startDate="2026-02-01T10:00:00.000+0000", endDate="2026-02-15T10:00:00.000+0000")
    jira.add_issues_to_sprint(sprint.id, ["OPS-1", "OPS-2"])
    started = jira.update_sprint(sprint.id, state="active")
    in_sprint = [i.key for i in jira.search_issues(f"sprint = {sprint.id} ORDER BY key ASC")]
    jira.rank("OPS-3", next_issue="OPS-1")
    ranked = [i.key for i in jira.search_issues("key in (OPS-1, OPS-2, OPS-3) ORDER BY Rank ASC")]
    jira.move_to_backlog(["OPS-2"])
    by_name = list(jira.sprints_by_name(board.id).keys())
    boards = [b.name for b in jira.boards()]
    return {"state": started["state"], "inSprint": in_sprint, "ranked": ranked, "afterBacklog": [i.key for i in jira.search_issues(f"sprint = {sprint.id}")], "byName": by_name,
            "boards": f"{tag} board" in boards, "sprint": jira.sprint(sprint.id).name}
