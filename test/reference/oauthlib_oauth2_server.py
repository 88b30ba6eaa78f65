#!/usr/bin/python3
"""An OAuth 2.0 provider built on Debian's python3-oauthlib, to judge jirakit's OAuth 2.0 client.

argv: client_id client_secret redirect_uri scope. oauthlib's WebApplicationServer does the
protocol (authorization code with PKCE required, refresh, revocation, bearer validation); this
file only supplies its RequestValidator and an HTTP shell with Jira's paths under /jira, a
consent step (the authorize URL sends the browser to a page with an Allow link, as Jira does)
and Jira's way with dead tokens (served as anonymous: 401 with X-AUSERNAME anonymous on
/myself). Refresh rotates and kills the old pair, as Jira does. Prints "LISTENING <base URL>".
GET /__test__/state and POST /__test__/expire let the test look and move time on.
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode, urlsplit

from oauthlib.oauth2 import RequestValidator, WebApplicationServer

CLIENT_ID, CLIENT_SECRET, REDIRECT, SCOPE = sys.argv[1:5]
BASE = "/jira"
STATE = {"codes": {}, "access": {}, "refresh": {}, "grants": {"authorization_code": 0, "refresh_token": 0},
         "verifiers": 0, "secrets_in_body": 0}


class Client:
    client_id = CLIENT_ID


class Validator(RequestValidator):
    def client_authentication_required(self, request, *args, **kwargs):
        return True

    def authenticate_client(self, request, *args, **kwargs):
        ok = request.client_id == CLIENT_ID and request.client_secret == CLIENT_SECRET
        if ok:
            request.client = Client()
            STATE["secrets_in_body"] += 1
        return ok

    def authenticate_client_id(self, client_id, request, *args, **kwargs):
        return False  # no public clients, as Jira

    def validate_client_id(self, client_id, request, *args, **kwargs):
        return client_id == CLIENT_ID

    def get_default_redirect_uri(self, client_id, request, *args, **kwargs):
        return REDIRECT

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        return redirect_uri == REDIRECT

    def validate_response_type(self, client_id, response_type, client, request, *args, **kwargs):
        return response_type == "code"

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        return [SCOPE]

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        return all(s in SCOPE.split() for s in scopes)

    def is_pkce_required(self, client_id, request):
        return True

    def save_authorization_code(self, client_id, code, request, *args, **kwargs):
        STATE["codes"][code["code"]] = {"client_id": client_id, "redirect_uri": request.redirect_uri, "scopes": request.scopes,
                                        "user": request.user, "challenge": request.code_challenge,
                                        "method": request.code_challenge_method}

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        stored = STATE["codes"].get(code)
        if not stored or stored["client_id"] != client.client_id:
            return False
        request.user = stored["user"]
        request.scopes = stored["scopes"]
        if request.code_verifier:
            STATE["verifiers"] += 1
        return True

    def get_code_challenge(self, code, request):
        return STATE["codes"].get(code, {}).get("challenge")

    def get_code_challenge_method(self, code, request):
        return STATE["codes"].get(code, {}).get("method")

    def confirm_redirect_uri(self, client_id, code, redirect_uri, client, request, *args, **kwargs):
        return STATE["codes"].get(code, {}).get("redirect_uri") == redirect_uri

    def invalidate_authorization_code(self, client_id, code, request, *args, **kwargs):
        STATE["codes"].pop(code, None)

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        return grant_type in ("authorization_code", "refresh_token")

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        stored = STATE["refresh"].get(refresh_token)
        if not stored or stored["client_id"] != client.client_id:
            return False
        request.user = stored["user"]
        return True

    def get_original_scopes(self, refresh_token, request, *args, **kwargs):
        return STATE["refresh"][refresh_token]["scopes"]

    def save_bearer_token(self, token, request, *args, **kwargs):
        if request.grant_type == "refresh_token":  # rotation: the old pair dies at once
            old = STATE["refresh"].pop(request.refresh_token, None)
            if old:
                STATE["access"].pop(old["access"], None)
        STATE["grants"][request.grant_type] += 1
        STATE["access"][token["access_token"]] = {"user": request.user, "expires": time.time() + token["expires_in"]}
        STATE["refresh"][token["refresh_token"]] = {"user": request.user, "client_id": CLIENT_ID,
                                                    "scopes": request.scopes, "access": token["access_token"]}

    def validate_bearer_token(self, token, scopes, request):
        stored = STATE["access"].get(token or "")
        if not stored or stored["expires"] < time.time():
            return False
        request.user = stored["user"]
        return True

    def revoke_token(self, token, token_type_hint, request, *args, **kwargs):
        pair = STATE["refresh"].pop(token, None)
        if pair:
            STATE["access"].pop(pair["access"], None)
        if STATE["access"].pop(token, None):
            for key, value in list(STATE["refresh"].items()):
                if value["access"] == token:
                    STATE["refresh"].pop(key)


SERVER = WebApplicationServer(Validator())


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body="", headers=None):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def uri(self):
        return "http://%s%s" % (self.headers["Host"], self.path)

    def body(self):
        return self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()

    def authorize(self, approve):
        try:
            scopes, credentials = SERVER.validate_authorization_request(self.uri(), "GET", "", dict(self.headers))
        except Exception as error:  # an oauthlib FatalClientError: no redirect to the client
            return self.send(400, "authorization refused: %s" % getattr(error, "error", error))
        query = urlsplit(self.path).query
        if not approve:
            return self.send(303, "", {"Location": BASE + "/plugins/servlet/oauth2/consent?" + query})
        credentials.pop("request", None)
        credentials["user"] = "admin"
        headers, body, status = SERVER.create_authorization_response(self.uri(), "GET", "", dict(self.headers), scopes, credentials)
        self.send(status, body or "", headers)

    def do_GET(self):
        path = urlsplit(self.path).path
        if path == BASE + "/rest/oauth2/latest/authorize":
            return self.authorize(False)
        if path == BASE + "/plugins/servlet/oauth2/consent/allow":
            self.path = self.path.replace("/plugins/servlet/oauth2/consent/allow", "/rest/oauth2/latest/authorize")
            return self.authorize(True)
        if path == BASE + "/plugins/servlet/oauth2/consent":
            allow = BASE + "/plugins/servlet/oauth2/consent/allow?" + urlsplit(self.path).query
            return self.send(200, '<html><body><a id="allow" href="%s">Allow</a></body></html>' % allow.replace("&", "&amp;"),
                             {"Content-Type": "text/html"})
        if path == BASE + "/rest/api/2/myself":
            valid, request = SERVER.verify_request(self.uri(), "GET", "", dict(self.headers), scopes=[])
            if not valid:
                return self.send(401, json.dumps({"errorMessages": ["You are not authenticated."]}),
                                 {"Content-Type": "application/json", "X-AUSERNAME": "anonymous"})
            return self.send(200, json.dumps({"name": request.user, "displayName": "Administrator"}),
                             {"Content-Type": "application/json", "X-AUSERNAME": request.user})
        if path == "/__test__/state":
            live = {"access": len(STATE["access"]), "refresh": len(STATE["refresh"]), "grants": STATE["grants"],
                    "verifiers": STATE["verifiers"], "secrets_in_body": STATE["secrets_in_body"]}
            return self.send(200, json.dumps(live), {"Content-Type": "application/json"})
        self.send(404, "not found")

    def do_POST(self):
        path = urlsplit(self.path).path
        body = self.body()
        if path == BASE + "/rest/oauth2/latest/token":
            headers, out, status = SERVER.create_token_response(self.uri(), "POST", body, dict(self.headers))
            return self.send(status, out, headers)
        if path == BASE + "/rest/oauth2/latest/revoke":
            headers, out, status = SERVER.create_revocation_response(self.uri(), "POST", body, dict(self.headers))
            return self.send(status, out, headers)
        if path == "/__test__/expire":
            for token in STATE["access"].values():
                token["expires"] = 0
            return self.send(204)
        self.send(404, "not found")


httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("LISTENING http://127.0.0.1:%d%s" % (httpd.server_address[1], BASE), flush=True)
httpd.serve_forever()
