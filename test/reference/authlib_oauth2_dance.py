#!/usr/bin/python3
"""The reference OAuth 2.0 client: Debian's python3-authlib (1.2.0) against the simulator.

argv: base_url client_id client_secret redirect_uri username password. authlib builds the PKCE
(S256) authorize URL, exchanges the code, refreshes and revokes; a requests.Session plays the
browser: it logs in and clicks Allow on the consent page by following the page's own form, with
the session cookie and the consent page as Referer. Prints one line, RESULT {json}.
"""
import json
import re
import sys
from html import unescape
from urllib.parse import urljoin

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session, OAuthError

base, client_id, client_secret, redirect_uri, username, password = sys.argv[1:7]
AUTHORIZE = base + "/rest/oauth2/latest/authorize"
TOKEN = base + "/rest/oauth2/latest/token"
REVOKE = base + "/rest/oauth2/latest/revoke"
UPM = base + "/rest/plugins/applications/1.0/installed/jira-software"


def new_client(secret=client_secret):
    return OAuth2Session(client_id, secret, scope="ADMIN", redirect_uri=redirect_uri,
                         code_challenge_method="S256", token_endpoint_auth_method="client_secret_post",
                         revocation_endpoint_auth_method="client_secret_post")


def hidden_fields(page):
    return [(unescape(n), unescape(v)) for n, v in re.findall(r'<input type="hidden" name="([^"]*)" value="([^"]*)">', page)]


def allow(url):
    """The browser: authorize, log in, consent page, Allow. Returns where Jira sent it."""
    browser = requests.Session()
    consent_url = browser.get(url, allow_redirects=False).headers["Location"]
    r = browser.get(consent_url, allow_redirects=False)
    if r.status_code == 302:
        login_url = urljoin(consent_url, r.headers["Location"])
        page = browser.get(login_url).text
        action = unescape(re.search(r'<form[^>]*action="([^"]+)"', page).group(1))
        fields = dict(hidden_fields(page), os_username=username, os_password=password)
        r = browser.post(urljoin(login_url, action), data=fields, allow_redirects=False)
        r = browser.get(urljoin(login_url, r.headers["Location"]), allow_redirects=False)
    page = r.text
    action = unescape(re.search(r'<form[^>]*action="([^"]+)"[^>]*id="consent-form"', page).group(1))
    approved = browser.get(urljoin(consent_url, action), params=hidden_fields(page),
                           headers={"Referer": consent_url}, allow_redirects=False)
    return approved.status_code, approved.headers["Location"]


def dance(client):
    verifier = generate_token(64)
    url, state = client.create_authorization_url(AUTHORIZE, code_verifier=verifier)
    status, location = allow(url)
    return verifier, state, status, location


def refused(call):
    try:
        call()
    except OAuthError as error:
        return error.error
    return "accepted"


def user_of(token):
    r = requests.get(base + "/rest/api/2/myself", headers={"Authorization": "Bearer " + token})
    return [r.status_code, r.headers.get("X-AUSERNAME")]


result = {}
client = new_client()
verifier, state, status, location = dance(client)
result["approval"] = [status, location.split("?")[0], "state=" + state in location]
token = client.fetch_token(TOKEN, authorization_response=location, code_verifier=verifier)
result["token"] = {k: token.get(k) for k in ("token_type", "expires_in", "scope")}
me = client.get(base + "/rest/api/2/myself")
result["myself"] = [me.status_code, me.json()["name"], me.headers.get("X-AUSERNAME")]
result["license"] = client.get(UPM).json()["accessDetails"]

old = dict(token)
new = client.refresh_token(TOKEN, refresh_token=old["refresh_token"])
result["refreshed"] = new["access_token"] != old["access_token"] and new["refresh_token"] != old["refresh_token"]
result["newToken"] = user_of(new["access_token"])
result["oldAccess"] = user_of(old["access_token"])
result["oldRefresh"] = refused(lambda: new_client().refresh_token(TOKEN, refresh_token=old["refresh_token"]))

replay = new_client()
verifier, _, _, location = dance(replay)
first = replay.fetch_token(TOKEN, authorization_response=location, code_verifier=verifier)
result["replay"] = refused(lambda: new_client().fetch_token(TOKEN, authorization_response=location, code_verifier=verifier))
result["replayedTokens"] = user_of(first["access_token"])

wrong = new_client()
verifier, _, _, location = dance(wrong)
result["wrongVerifier"] = refused(lambda: new_client().fetch_token(TOKEN, authorization_response=location, code_verifier=generate_token(64)))
result["wrongSecret"] = refused(lambda: new_client("not-the-secret").fetch_token(TOKEN, authorization_response=location, code_verifier=verifier))
result["rightAfterAll"] = "access_token" in new_client().fetch_token(TOKEN, authorization_response=location, code_verifier=verifier)

revoked = client.revoke_token(REVOKE, token=new["access_token"], token_type_hint="access_token")
result["revoke"] = [revoked.status_code, user_of(new["access_token"])]
print("RESULT " + json.dumps(result))
