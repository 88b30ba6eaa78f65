#!/usr/bin/python3
"""Known-answer vectors for jirakit's RFC 5849 signer, made by an implementation nobody here wrote.

Oracle: Debian's python3-oauthlib (oauthlib.oauth1.Client with SIGNATURE_RSA, fixed nonce and
timestamp). RSA PKCS#1 v1.5 signatures are deterministic, so the signature itself must match
byte for byte, not just the base string.

For 2-legged OAuth (an empty oauth_token, which oauthlib's Client leaves out) the vector is built
from oauthlib's own rfc5849.signature functions instead.

Run: npm run vectors   (needs: apt-get install python3-oauthlib python3-jwt python3-cryptography)
"""
import hashlib
import json
import sys
from pathlib import Path

import oauthlib
from oauthlib.oauth1 import SIGNATURE_RSA, SIGNATURE_TYPE_AUTH_HEADER, Client
from oauthlib.oauth1.rfc5849 import signature, utils

KEY = (Path(__file__).resolve().parent.parent / "test/fixtures/test-only-rsa.pem").read_text()
FORM = "application/x-www-form-urlencoded"

# (name, method, url, content_type, body, extra) where extra holds token/verifier/callback.
CASES = [
    ("request token, no callback (OAuth 1.0 dance)", "POST", "https://jira.example.com/plugins/servlet/oauth/request-token", None, None, {}),
    ("request token, oob callback", "POST", "https://jira.example.com/plugins/servlet/oauth/request-token", None, None, {"callback": "oob"}),
    ("request token, loopback callback", "POST", "https://jira.example.com/plugins/servlet/oauth/request-token", None, None, {"callback": "http://127.0.0.1:54321/callback"}),
    ("request token, callback with query", "POST", "https://jira.example.com/plugins/servlet/oauth/request-token", None, None, {"callback": "https://app.example.com/cb?x=1&y=a b"}),
    ("access token, 1.0 (no verifier)", "POST", "https://jira.example.com/plugins/servlet/oauth/access-token", None, None, {"token": "Qk8sX0pLQ2rYt1w0mZ7fD3hN9aVbC6uE"}),
    ("access token, 1.0a verifier", "POST", "https://jira.example.com/plugins/servlet/oauth/access-token", None, None, {"token": "Qk8sX0pLQ2rYt1w0mZ7fD3hN9aVbC6uE", "verifier": "a1B2c3"}),
    ("context path and port", "POST", "http://localhost:8080/jira/plugins/servlet/oauth/request-token", None, None, {}),
    ("GET, no query", "GET", "https://jira.example.com/rest/api/2/myself", None, None, {"token": "A56FItjuH3jfcCs4aYS57gzXnAPXk2Zt"}),
    ("GET, serverInfo", "GET", "https://jira.example.com/rest/api/2/serverInfo", None, None, {"token": "A56FItjuH3jfcCs4aYS57gzXnAPXk2Zt"}),
    ("GET, UPM license path", "GET", "https://jira.example.com/rest/plugins/applications/1.0/installed/jira-software", None, None, {"token": "A56FItjuH3jfcCs4aYS57gzXnAPXk2Zt"}),
    ("GET, simple query", "GET", "https://jira.example.com/rest/api/2/issue/PROJ-1?fields=summary", None, None, {"token": "tok"}),
    ("GET, plus as space in query", "GET", "https://jira.example.com/rest/api/2/search?jql=project+%3D+PROJ&startAt=0", None, None, {"token": "tok"}),
    ("GET, %20 in query", "GET", "https://jira.example.com/rest/api/2/search?jql=project%20%3D%20PROJ", None, None, {"token": "tok"}),
    ("GET, encoded plus", "GET", "https://jira.example.com/rest/api/2/search?jql=summary~%22a%2Bb%22", None, None, {"token": "tok"}),
    ("GET, repeated keys sorted by value", "GET", "https://jira.example.com/rest/api/2/search?fields=summary&fields=status&fields=assignee", None, None, {"token": "tok"}),
    ("GET, empty value", "GET", "https://jira.example.com/rest/api/2/search?jql=&startAt=0", None, None, {"token": "tok"}),
    ("GET, key without equals", "GET", "https://jira.example.com/rest/api/2/issue/PROJ-1?expand", None, None, {"token": "tok"}),
    ("GET, star all", "GET", "https://jira.example.com/rest/api/2/search?fields=%2Aall&validateQuery=True", None, None, {"token": "tok"}),
    ("GET, unicode value", "GET", "https://jira.example.com/rest/api/2/search?jql=summary~%22caf%C3%A9%20%E2%9C%93%22", None, None, {"token": "tok"}),
    ("GET, reserved characters", "GET", "https://jira.example.com/rest/api/2/search?q=%21%2A%27%28%29%3B%3A%40%26%3D%2B%24%2C%2F%3F%23%5B%5D", None, None, {"token": "tok"}),
    ("GET, unreserved kept", "GET", "https://jira.example.com/rest/api/2/search?q=a-b_c.d~e", None, None, {"token": "tok"}),
    ("GET, uppercase scheme and host", "GET", "HTTPS://JIRA.Example.COM/rest/api/2/myself", None, None, {"token": "tok"}),
    ("GET, default https port dropped", "GET", "https://jira.example.com:443/rest/api/2/myself", None, None, {"token": "tok"}),
    ("GET, default http port dropped", "GET", "http://jira.example.com:80/rest/api/2/myself", None, None, {"token": "tok"}),
    ("GET, non-default port kept", "GET", "https://jira.example.com:8443/jira/rest/api/2/myself", None, None, {"token": "tok"}),
    ("GET, encoded path segment", "GET", "https://jira.example.com/rest/api/2/user?username=j%40doe", None, None, {"token": "tok"}),
    ("GET, sort by encoded name", "GET", "https://jira.example.com/rest/x?b=2&a=1&A=3&a_=4&a1=5", None, None, {"token": "tok"}),
    ("GET, 2-legged (empty token)", "GET", "https://jira.example.com/rest/api/2/applicationrole", None, None, {"token": ""}),
    ("HEAD", "HEAD", "https://jira.example.com/rest/api/2/myself", None, None, {"token": "tok"}),
    ("lower-case method", "get", "https://jira.example.com/rest/api/2/myself", None, None, {"token": "tok"}),
    ("DELETE", "DELETE", "https://jira.example.com/rest/api/2/issue/PROJ-9", None, None, {"token": "tok"}),
    ("PUT with JSON body (not signed)", "PUT", "https://jira.example.com/rest/api/2/issue/PROJ-1", "application/json", '{"fields":{"summary":"x=y&z"}}', {"token": "tok"}),
    ("POST with JSON body (not signed)", "POST", "https://jira.example.com/rest/api/2/issue", "application/json", '{"fields":{"summary":"New"}}', {"token": "tok"}),
    ("POST form body", "POST", "https://jira.example.com/secure/admin/WebSudoAuthenticate.jspa", FORM, "webSudoPassword=p%40ss&webSudoIsPost=false", {"token": "tok"}),
    ("POST form body with plus", "POST", "https://jira.example.com/rest/x", FORM, "a=b+c&d=e%2Bf", {"token": "tok"}),
    ("POST form body and query", "POST", "https://jira.example.com/rest/x?z=1&a=2", FORM, "a=1&m=%E2%82%AC", {"token": "tok"}),
    ("POST form body, repeated keys", "POST", "https://jira.example.com/rest/x", FORM, "k=2&k=1&k=", {"token": "tok"}),
    ("POST form charset suffix", "POST", "https://jira.example.com/rest/x", FORM + "; charset=UTF-8", "q=%C3%BC", {"token": "tok"}),
    ("consumer key with spaces and symbols", "POST", "https://jira.example.com/plugins/servlet/oauth/request-token", None, None, {"consumer_key": "Monitor Jira/License+1"}),
]


def vector(name, method, url, content_type, body, extra):
    consumer_key = extra.get("consumer_key", "monitor-jira-license")
    nonce = hashlib.sha1(name.encode()).hexdigest()[:20]
    timestamp = "1795941290"
    # oauthlib insists on the bare form type; a charset suffix does not change what is signed.
    headers = {"Content-Type": FORM if content_type and content_type.startswith(FORM) else content_type} if content_type else {}
    token = extra.get("token")
    if token == "":
        # oauthlib's Client drops an empty resource_owner_key; build the 2LO base string by hand
        # from oauthlib's own signature functions.
        oauth_params = [
            ("oauth_nonce", nonce), ("oauth_timestamp", timestamp), ("oauth_version", "1.0"),
            ("oauth_signature_method", "RSA-SHA1"), ("oauth_consumer_key", consumer_key), ("oauth_token", ""),
        ]
        query = url.split("?", 1)[1] if "?" in url else ""
        params = signature.collect_parameters(uri_query=query, body=[], headers={}, exclude_oauth_signature=True)
        params.extend(oauth_params)
        base = signature.signature_base_string(method.upper(), signature.base_string_uri(url), signature.normalize_parameters(params))
        sig = signature._sign_rsa("SHA-1", base, KEY)
        return dict(name=name, method=method, url=url, contentType=content_type, body=body, consumerKey=consumer_key,
                    token=token, nonce=nonce, timestamp=timestamp, baseString=base, signature=sig)

    client = Client(
        consumer_key,
        signature_method=SIGNATURE_RSA,
        rsa_key=KEY,
        resource_owner_key=token,
        callback_uri=extra.get("callback"),
        verifier=extra.get("verifier"),
        signature_type=SIGNATURE_TYPE_AUTH_HEADER,
        nonce=nonce,
        timestamp=timestamp,
    )
    # oauthlib signs a form body only when it is given as the body with the form Content-Type.
    sign_body = body if content_type and content_type.startswith(FORM) else None
    _, signed_headers, _ = client.sign(url, http_method=method.upper(), body=sign_body, headers=dict(headers))
    auth = signed_headers["Authorization"]
    params = dict(utils.parse_authorization_header(auth))
    # Recompute the base string with the client's own helper so the vector carries it too.
    from oauthlib.common import Request
    req = Request(url, method.upper(), sign_body, signed_headers)
    collected = signature.collect_parameters(uri_query=req.uri_query, body=req.body if sign_body else [], headers=req.headers, exclude_oauth_signature=True)
    base = signature.signature_base_string(method.upper(), signature.base_string_uri(url), signature.normalize_parameters(collected))
    out = dict(name=name, method=method, url=url, contentType=content_type, body=body, consumerKey=consumer_key,
               nonce=nonce, timestamp=timestamp, baseString=base, signature=utils.unescape(params["oauth_signature"]), authorization=auth)
    for key in ("token", "verifier", "callback"):
        if extra.get(key) is not None:
            out[key] = extra[key]
    return out


def main():
    vectors = [vector(*case) for case in CASES]
    json.dump({
        "oracle": f"python3-oauthlib {oauthlib.__version__} (Debian), oauthlib.oauth1.Client SIGNATURE_RSA",
        "key": "test/fixtures/test-only-rsa.pem",
        "generator": "scripts/gen-oauth1-vectors.py",
        "vectors": vectors,
    }, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
