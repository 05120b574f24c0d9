#!/usr/bin/env node
// Smoke test for the dev OpenID Connect provider, and a readable record of
// the HTTP protocol the C# tests follow. Run: `npm run smoke` (or
// `node smoke.mjs`) after `npm install`. Exit code 0 = all steps passed.
//
// It starts index.mjs on a free port (DEV_IDP_PORT=0, the port is read from
// the ready line), then drives everything over plain HTTP with fetch,
// redirect: 'manual', and a small cookie jar that honours cookie paths
// (oidc-provider scopes its interaction cookies to /interaction/{uid} and
// /auth/{uid}; the session cookie has path /).

import { spawn } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, verify } from 'node:crypto';
import { fileURLToPath } from 'node:url';

const CLIENT_ID = 'tenantsite';
const CLIENT_SECRET = 'tenantsite-dev-secret';
const REDIRECT_URI = 'http://localhost:5000/signin-oidc';
const POST_LOGOUT_URI = 'http://localhost:5000/signout-callback-oidc';

let step = 'start';
function check(condition, message) {
  if (!condition) throw new Error(`${step}: ${message}`);
}
const b64url = (buf) => Buffer.from(buf).toString('base64url');

// ------------------------------------------------------------ cookie jar

class CookieJar {
  #cookies = new Map(); // `${path};${name}` -> { name, value, path }

  store(url, response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attrs] = header.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = new URL(url).pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = value === '';
      for (const attr of attrs) {
        const [k, v = ''] = attr.split('=');
        const key = k.toLowerCase();
        if (key === 'path') path = v;
        if (key === 'max-age' && Number(v) <= 0) expired = true;
        if (key === 'expires' && Date.parse(v) <= Date.now()) expired = true;
      }
      const id = `${path};${name}`;
      if (expired) this.#cookies.delete(id);
      else this.#cookies.set(id, { name, value, path });
    }
  }

  header(url) {
    const { pathname } = new URL(url);
    const matches = [...this.#cookies.values()].filter(({ path }) => pathname === path
      || pathname.startsWith(path.endsWith('/') ? path : `${path}/`));
    return matches.map(({ name, value }) => `${name}=${value}`).join('; ');
  }

  names() {
    return [...this.#cookies.values()].map(({ name, path }) => `${name} (path ${path})`);
  }
}

// One browser-like HTTP call: sends and stores cookies, never follows redirects.
async function http(jar, url, { method = 'GET', form, headers = {} } = {}) {
  const init = { method, redirect: 'manual', headers: { ...headers } };
  const cookie = jar?.header(url);
  if (cookie) init.headers.cookie = cookie;
  if (form) {
    init.headers['content-type'] = 'application/x-www-form-urlencoded';
    init.body = new URLSearchParams(form).toString();
  }
  const response = await fetch(url, init);
  jar?.store(url, response);
  const body = await response.text();
  return { status: response.status, location: response.headers.get('location'), body, headers: response.headers };
}

function hiddenInputs(html) {
  const inputs = {};
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\/?>/g)) {
    inputs[name] = value.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>');
  }
  return inputs;
}

// ------------------------------------------------------------ the provider

function startProvider() {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const child = spawn(process.execPath, ['index.mjs'], {
    cwd: dir,
    env: { ...process.env, DEV_IDP_PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`provider did not start in 10 s\n${stderr}`)), 10_000);
    let buffer = '';
    child.stdout.on('data', (d) => {
      buffer += d;
      const m = /^dev-idp listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(buffer);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1] });
      }
    });
    child.on('exit', (code) => reject(new Error(`provider exited with ${code}\n${stderr}`)));
  });
}

// ------------------------------------------------------------ the flows

function newAuthRequest(extra = {}) {
  const verifier = b64url(randomBytes(32));
  const request = {
    state: b64url(randomBytes(16)),
    nonce: b64url(randomBytes(16)),
    verifier,
    params: {
      client_id: CLIENT_ID,
      response_type: 'code',
      scope: 'openid profile email',
      redirect_uri: REDIRECT_URI,
      code_challenge: b64url(createHash('sha256').update(verifier).digest()),
      code_challenge_method: 'S256',
      ...extra,
    },
  };
  request.params.state = request.state;
  request.params.nonce = request.nonce;
  return request;
}

// Read the authorization response: 303 to the redirect_uri (query) or a
// 200 auto-submitting HTML form posting to it (form_post).
function authorizationResponse(res, responseMode) {
  if (responseMode === 'form_post') {
    check(res.status === 200, `form_post: expected 200, got ${res.status} ${res.location ?? ''}`);
    check(res.body.includes(`action="${REDIRECT_URI}"`), 'form_post: form does not post to the redirect_uri');
    return hiddenInputs(res.body);
  }
  check(res.status === 303, `query: expected 303, got ${res.status}`);
  const url = new URL(res.location);
  check(`${url.origin}${url.pathname}` === REDIRECT_URI, `redirected to ${res.location}`);
  return Object.fromEntries(url.searchParams);
}

// Full interactive login, headless. Returns { code, request }.
async function login(base, jar, loginName, responseMode) {
  const request = newAuthRequest({ response_mode: responseMode });

  step = `${responseMode}: GET /auth`;
  const auth = await http(jar, `${base}/auth?${new URLSearchParams(request.params)}`);
  check(auth.status === 303, `expected 303, got ${auth.status}: ${auth.body}`);
  const interactionUrl = new URL(auth.location, base).href; // /interaction/{uid}
  check(/^\/interaction\/[^/]+$/.test(new URL(interactionUrl).pathname), `location ${auth.location}`);

  step = `${responseMode}: GET /interaction/{uid}`;
  const page = await http(jar, interactionUrl);
  check(page.status === 200 && page.body.includes('name="login"'), `login form expected, got ${page.status}`);

  step = `${responseMode}: POST /interaction/{uid}`;
  const submit = await http(jar, interactionUrl, {
    method: 'POST', form: { prompt: 'login', login: loginName, password: 'any' },
  });
  check(submit.status === 303, `expected 303, got ${submit.status}: ${submit.body}`);
  const resumeUrl = new URL(submit.location, base).href; // /auth/{uid}
  check(/^\/auth\/[^/]+$/.test(new URL(resumeUrl).pathname), `location ${submit.location}`);

  step = `${responseMode}: GET /auth/{uid}`;
  const resume = await http(jar, resumeUrl);
  const response = authorizationResponse(resume, responseMode);
  check(response.state === request.state, 'state mismatch');
  check(response.iss === base, `iss parameter ${response.iss}`);
  check(response.code, `no code: ${JSON.stringify(response)}`);
  return { code: response.code, request };
}

async function redeem(base, code, request, authMethod) {
  step = `POST /token (${authMethod})`;
  const form = {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: request.verifier,
  };
  const headers = {};
  if (authMethod === 'client_secret_basic') {
    const enc = encodeURIComponent; // RFC 6749 2.3.1: form-encode, then Base64
    headers.authorization = `Basic ${Buffer.from(`${enc(CLIENT_ID)}:${enc(CLIENT_SECRET)}`).toString('base64')}`;
  } else {
    form.client_id = CLIENT_ID;
    form.client_secret = CLIENT_SECRET;
  }
  const res = await http(null, `${base}/token`, { method: 'POST', form, headers });
  check(res.status === 200, `expected 200, got ${res.status}: ${res.body}`);
  return JSON.parse(res.body);
}

async function checkIdToken(base, idToken, request, expected) {
  step = 'id_token';
  const [h, p, s] = idToken.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  check(header.alg === 'RS256', `alg ${header.alg}`);
  const jwks = JSON.parse((await http(null, `${base}/jwks`)).body);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  check(jwk, `kid ${header.kid} not in /jwks`);
  check(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(s, 'base64url')), 'bad signature');
  check(payload.iss === base, `iss ${payload.iss}`);
  check(payload.aud === CLIENT_ID, `aud ${payload.aud}`);
  check(payload.nonce === request.nonce, 'nonce mismatch');
  check(payload.sub === expected.sub, `sub ${payload.sub}`);
  check(payload.email === expected.email, `email ${payload.email}`);
  check(payload.email_verified === true, 'email_verified');
  check(payload.name === expected.name, `name ${payload.name}`);
  check(typeof payload.sid === 'string' && payload.sid.length > 0, 'no sid');
  return payload;
}

// ------------------------------------------------------------------ main

async function main() {
  const { child, base } = await startProvider();
  try {
    step = 'discovery';
    const discovery = JSON.parse((await http(null, `${base}/.well-known/openid-configuration`)).body);
    check(discovery.issuer === base, `issuer ${discovery.issuer}`);
    check(discovery.end_session_endpoint === `${base}/session/end`, 'end_session_endpoint');
    check(discovery.userinfo_endpoint === `${base}/me`, 'userinfo_endpoint');
    check(discovery.code_challenge_methods_supported.join() === 'S256', 'S256');
    for (const m of ['client_secret_basic', 'client_secret_post']) {
      check(discovery.token_endpoint_auth_methods_supported.includes(m), m);
    }
    const alice = { sub: 'alice', email: 'alice@example.com', name: 'Alice Anderson' };

    // 1. form_post login, code redeemed with client_secret_basic.
    const jar = new CookieJar();
    const first = await login(base, jar, 'alice', 'form_post');
    const tokens = await redeem(base, first.code, first.request, 'client_secret_basic');
    const idToken = await checkIdToken(base, tokens.id_token, first.request, alice);

    step = 'GET /me';
    const me = await http(null, `${base}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    check(me.status === 200, `got ${me.status}: ${me.body}`);
    const userinfo = JSON.parse(me.body);
    check(userinfo.sub === 'alice' && userinfo.email === alice.email && userinfo.name === alice.name,
      `userinfo ${me.body}`);

    // Reusing a code fails and revokes what it issued (RFC 6749 4.1.2).
    step = 'code reuse';
    const reuse = await http(null, `${base}/token`, {
      method: 'POST',
      form: {
        grant_type: 'authorization_code', code: first.code, redirect_uri: REDIRECT_URI,
        code_verifier: first.request.verifier, client_id: CLIENT_ID, client_secret: CLIENT_SECRET,
      },
    });
    check(reuse.status === 400 && JSON.parse(reuse.body).error === 'invalid_grant', `got ${reuse.status}`);

    const revoked = await http(null, `${base}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    check(revoked.status === 401, `access token still valid after code reuse: ${revoked.status}`);

    // 2. query login (fresh browser), code redeemed with client_secret_post.
    const jar2 = new CookieJar();
    const second = await login(base, jar2, 'alice', 'query');
    const tokens2 = await redeem(base, second.code, second.request, 'client_secret_post');
    await checkIdToken(base, tokens2.id_token, second.request, alice);

    // 3. prompt=none with the provider cookies of login 1: code, no interaction.
    step = 'prompt=none with session';
    const silent = newAuthRequest({ prompt: 'none' });
    const silentRes = await http(jar, `${base}/auth?${new URLSearchParams(silent.params)}`);
    const silentResponse = authorizationResponse(silentRes, 'query');
    check(silentResponse.code && silentResponse.state === silent.state, `got ${silentRes.location}`);
    const silentTokens = await redeem(base, silentResponse.code, silent, 'client_secret_basic');
    const silentId = await checkIdToken(base, silentTokens.id_token, silent, alice);
    step = 'prompt=none with session';
    check(silentId.sid === idToken.sid, 'sid differs from the first login (same provider session)');

    step = 'prompt=none without session';
    const anon = newAuthRequest({ prompt: 'none' });
    const anonResponse = authorizationResponse(
      await http(new CookieJar(), `${base}/auth?${new URLSearchParams(anon.params)}`), 'query');
    check(anonResponse.error === 'login_required', `got ${JSON.stringify(anonResponse)}`);

    // 4. Only the registered root-domain URI is accepted, exactly, as at Google or Entra ID (400 error page, no redirect).
    for (const bad of [
      'http://evil.example/signin-oidc',
      'http://acme.localhost:5000/signin-oidc',
      'https://localhost:5000/signin-oidc',
      'http://localhost:1234/signin-oidc',
      'http://127.0.0.1:5000/signin-oidc',
      'http://localhost:5000/signin-oidc/x',
      'http://localhost:5000/other',
      'http://localhost:5000/signin-oidc?x=1',
      'http://localhost.evil.example:5000/signin-oidc',
    ]) {
      step = `reject ${bad}`;
      const req = newAuthRequest({ redirect_uri: bad });
      const res = await http(new CookieJar(), `${base}/auth?${new URLSearchParams(req.params)}`);
      check(res.status === 400 && !res.location && res.body.includes('redirect_uri did not match'),
        `got ${res.status} ${res.location ?? ''}`);
    }
    for (const good of ['http://localhost:5000/signin-oidc']) {
      step = `accept ${good}`;
      const req = newAuthRequest({ redirect_uri: good });
      const res = await http(new CookieJar(), `${base}/auth?${new URLSearchParams(req.params)}`);
      check(res.status === 303 && res.location.startsWith('/interaction/'), `got ${res.status}`);
    }

    step = 'PKCE required';
    const noPkce = newAuthRequest();
    delete noPkce.params.code_challenge;
    delete noPkce.params.code_challenge_method;
    const noPkceRes = authorizationResponse(
      await http(new CookieJar(), `${base}/auth?${new URLSearchParams(noPkce.params)}`), 'query');
    check(noPkceRes.error === 'invalid_request', `got ${JSON.stringify(noPkceRes)}`);

    // 5. Any other login name; upper case is normalised.
    const dave = await login(base, new CookieJar(), 'Dave', 'query');
    const daveTokens = await redeem(base, dave.code, dave.request, 'client_secret_basic');
    await checkIdToken(base, daveTokens.id_token, dave.request,
      { sub: 'dave', email: 'dave@example.com', name: 'Dave' });

    // 6. RP-initiated logout with the cookies of login 1.
    step = 'GET /session/end';
    const endParams = new URLSearchParams({
      id_token_hint: tokens.id_token, post_logout_redirect_uri: POST_LOGOUT_URI, state: 'bye',
    });
    const end = await http(jar, `${base}/session/end?${endParams}`);
    check(end.status === 200 && end.body.includes(`action="${base}/session/end/confirm"`),
      `expected confirm page, got ${end.status}`);
    const { xsrf } = hiddenInputs(end.body);
    check(xsrf, 'no xsrf field');

    step = 'POST /session/end/confirm';
    const confirm = await http(jar, `${base}/session/end/confirm`, {
      method: 'POST', form: { xsrf, logout: 'yes' },
    });
    check(confirm.status === 303, `expected 303, got ${confirm.status}: ${confirm.body}`);
    check(confirm.location === `${POST_LOGOUT_URI}?state=bye`, `location ${confirm.location}`);

    step = 'prompt=none after logout';
    const after = newAuthRequest({ prompt: 'none' });
    const afterResponse = authorizationResponse(
      await http(jar, `${base}/auth?${new URLSearchParams(after.params)}`), 'query');
    check(afterResponse.error === 'login_required', `got ${JSON.stringify(afterResponse)}`);

    // Without a provider session (a fresh cookie jar), GET /session/end
    // answers 200 with an auto-submitting form (hidden xsrf + logout=yes)
    // instead of the confirm page; posting it still redirects back.
    step = 'GET /session/end without session';
    const noSession = new CookieJar();
    const end2 = await http(noSession, `${base}/session/end?${new URLSearchParams({
      id_token_hint: tokens2.id_token, post_logout_redirect_uri: POST_LOGOUT_URI, state: 'bye2',
    })}`);
    const auto = hiddenInputs(end2.body);
    check(end2.status === 200 && auto.xsrf && auto.logout === 'yes', `expected auto-submit form, got ${end2.body}`);
    step = 'POST /session/end/confirm without session';
    const confirm2 = await http(noSession, `${base}/session/end/confirm`, { method: 'POST', form: auto });
    check(confirm2.status === 303 && confirm2.location === `${POST_LOGOUT_URI}?state=bye2`,
      `got ${confirm2.status} ${confirm2.location}`);

    step = 'reject post_logout_redirect_uri';
    const badEnd = await http(new CookieJar(), `${base}/session/end?${new URLSearchParams({
      id_token_hint: tokens2.id_token, post_logout_redirect_uri: 'http://evil.example/signout-callback-oidc',
    })}`);
    check(badEnd.status === 400, `got ${badEnd.status}`);
  } finally {
    child.kill('SIGTERM');
  }
}

main().then(
  () => { console.log('dev-idp smoke test: OK'); },
  (err) => { console.error(`dev-idp smoke test FAILED at ${err.message}`); process.exitCode = 1; },
);
