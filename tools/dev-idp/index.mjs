// TenantSite development/test OpenID Connect provider.
//
// DEVELOPMENT AND TESTS ONLY. It accepts any login name without a password,
// keeps everything in memory, signs with oidc-provider's well-known dev key
// (unless DEV_IDP_JWKS_FILE is given) and allows wildcard *.localhost
// redirect URIs. It listens on 127.0.0.1 unless DEV_IDP_HOST says otherwise
// (a container on a private network); never expose it further. See README.md.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

// oidc-provider prints its development notices with console.info (stdout).
// stdout is reserved for our single ready line, so send those to stderr.
// This must happen before oidc-provider is loaded (it warns on import).
console.info = (...args) => console.error(...args);
console.log = (...args) => console.error(...args);

const { default: Provider } = await import('oidc-provider');

// ---------------------------------------------------------------- settings

const env = process.env;
const HOST = env.DEV_IDP_HOST || '127.0.0.1';
const PORT = parsePort(env.DEV_IDP_PORT ?? '5556');
const CLIENT_ID = env.DEV_IDP_CLIENT_ID || 'tenantsite';
const CLIENT_SECRET = env.DEV_IDP_CLIENT_SECRET || 'tenantsite-dev-secret';
const TOKEN_AUTH_METHOD = env.DEV_IDP_TOKEN_AUTH_METHOD || 'client_secret_basic';
const JWKS_FILE = env.DEV_IDP_JWKS_FILE || '';
const ID_TOKEN_CLAIMS = env.DEV_IDP_ID_TOKEN_CLAIMS || 'all';
const COOKIE_KEY = 'tenantsite-dev-idp-cookie-key-not-a-secret';

if (!['all', 'minimal'].includes(ID_TOKEN_CLAIMS)) {
  fail(`DEV_IDP_ID_TOKEN_CLAIMS must be all or minimal, got "${ID_TOKEN_CLAIMS}"`);
}
if (!['client_secret_basic', 'client_secret_post'].includes(TOKEN_AUTH_METHOD)) {
  fail(`DEV_IDP_TOKEN_AUTH_METHOD must be client_secret_basic or client_secret_post, got "${TOKEN_AUTH_METHOD}"`);
}

const SIGNIN_PATH = '/signin-oidc';
const SIGNOUT_PATH = '/signout-callback-oidc';

const DEMO_USERS = {
  alice: 'Alice Anderson',
  bob: 'Bob Brown',
  carol: 'Carol Clark',
};

// Login names: trimmed, lower-cased, then [a-z0-9._-], 1-64 chars.
const LOGIN_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

// ------------------------------------------------------- dev-only redirects

// http://localhost:<any port><path>, http://<label>.localhost:<any port><path>
// and http://127.0.0.1:<any port><path>; nothing else. The URI must be in
// canonical form (what the URL parser prints back), with no query,
// fragment or user info.
const LOCALHOST_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.localhost$/;

function devRedirectAllowed(value, path) {
  if (typeof value !== 'string') return false;
  let url;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.href !== value) return false;
  if (url.protocol !== 'http:') return false;
  if (url.username || url.password || url.search || url.hash) return false;
  if (url.pathname !== path) return false;
  const host = url.hostname;
  return host === 'localhost' || host === '127.0.0.1' || LOCALHOST_LABEL.test(host);
}

// ------------------------------------------------------------------ account

function capitalise(name) {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

async function findAccount(ctx, id) {
  const sub = String(id).toLowerCase();
  if (!LOGIN_NAME.test(sub)) return undefined;
  return {
    accountId: sub,
    // oidc-provider filters these by the granted scopes/claims.
    async claims() {
      return {
        sub,
        email: `${sub}@example.com`,
        email_verified: true,
        name: DEMO_USERS[sub] ?? capitalise(sub),
      };
    },
  };
}

// ---------------------------------------------------- consent (auto-grant)

// First-party dev client: never show the consent prompt. Load (or create)
// the grant and add whatever OIDC scopes/claims this request asks for, so
// the consent policy's checks always pass.
async function loadExistingGrant(ctx) {
  const { oidc } = ctx;
  const grantId = oidc.result?.consent?.grantId
    || oidc.session.grantIdFor(oidc.client.clientId);
  let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;

  if (oidc.client.clientId !== CLIENT_ID) return grant;

  const { accountId } = oidc.session;
  if (!grant || grant.accountId !== accountId) {
    grant = new oidc.provider.Grant({ clientId: oidc.client.clientId, accountId });
  }
  const scopes = [...oidc.requestParamOIDCScopes].join(' ');
  if (scopes) grant.addOIDCScope(scopes);
  const claims = [...oidc.requestParamClaims];
  if (claims.length) grant.addOIDCClaims(claims);
  await grant.save();
  return grant;
}

// ---------------------------------------------------------------- keys

function loadJwks() {
  if (!JWKS_FILE) return undefined; // oidc-provider's fixed dev RS256 key
  let jwks;
  try {
    jwks = JSON.parse(readFileSync(JWKS_FILE, 'utf8'));
  } catch (err) {
    fail(`cannot read DEV_IDP_JWKS_FILE ${JWKS_FILE}: ${err.message}`);
  }
  if (!jwks || !Array.isArray(jwks.keys) || jwks.keys.length === 0) {
    fail(`DEV_IDP_JWKS_FILE ${JWKS_FILE} must be a JWKS ({"keys":[...]}) with private keys`);
  }
  return jwks;
}

// ------------------------------------------------------------------ helpers

function parsePort(value) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    fail(`DEV_IDP_PORT must be a port number (0 = pick a free one), got "${value}"`);
  }
  return port;
}

// An address to listen on (0.0.0.0, ::) is no address to send a browser to: the default issuer then names loopback.
function reachableHost(host) {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '::1';
  return host;
}

function urlHost(host) {
  return host.includes(':') ? `[${host}]` : host;
}

function fail(message) {
  process.stderr.write(`dev-idp: ${message}\n`);
  process.exit(1);
}

async function readForm(req, limit = 16 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// -------------------------------------------------------------------- start

// Listen first so DEV_IDP_PORT=0 works: the issuer uses the real port.
const server = createServer();
server.on('error', (err) => fail(`cannot listen on ${HOST}:${PORT}: ${err.message}`));
await new Promise((resolve) => server.listen(PORT, HOST, resolve));
const port = server.address().port;
const ADDRESS = `http://${urlHost(HOST)}:${port}`;
const ISSUER = env.DEV_IDP_ISSUER || `http://${urlHost(reachableHost(HOST))}:${port}`;

const provider = new Provider(ISSUER, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      client_name: 'TenantSite (development)',
      application_type: 'web',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: TOKEN_AUTH_METHOD,
      // Exact registrations; the dev wildcard below allows the rest.
      redirect_uris: [`http://localhost:5000${SIGNIN_PATH}`],
      post_logout_redirect_uris: [`http://localhost:5000${SIGNOUT_PATH}`],
    },
  ],
  clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
  responseTypes: ['code'],
  pkce: { required: () => true }, // S256 is the only method oidc-provider 9 supports
  allowOmittingSingleRegisteredRedirectUri: false,
  scopes: ['openid', 'profile', 'email'],
  claims: {
    openid: ['sub'],
    profile: ['name'],
    email: ['email', 'email_verified'],
  },
  // all: email/name in the id_token too; minimal: only from userinfo, as many providers do by default.
  conformIdTokenClaims: ID_TOKEN_CLAIMS === 'minimal',
  findAccount,
  loadExistingGrant,
  cookies: {
    keys: [COOKIE_KEY],
  },
  jwks: loadJwks(),
  ttl: {
    AccessToken: 60 * 60,
    AuthorizationCode: 60,
    IdToken: 60 * 60,
    Interaction: 60 * 60,
    Session: 24 * 60 * 60,
    Grant: 24 * 60 * 60,
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    userinfo: { enabled: true },
    backchannelLogout: { enabled: false },
    claimsParameter: { enabled: false },
    clientCredentials: { enabled: false },
    deviceFlow: { enabled: false },
    dPoP: { enabled: false },
    introspection: { enabled: false },
    pushedAuthorizationRequests: { enabled: false },
    registration: { enabled: false },
    resourceIndicators: { enabled: false },
    revocation: { enabled: false },
  },
});
provider.proxy = false;

// Dev-only wildcard redirect URIs (oidc-provider's documented recipe:
// override the Client model's checks). Exact registrations still apply.
const { redirectUriAllowed, postLogoutRedirectUriAllowed } = provider.Client.prototype;
provider.Client.prototype.redirectUriAllowed = function devRedirectUriAllowed(value) {
  return redirectUriAllowed.call(this, value)
    || (this.clientId === CLIENT_ID && devRedirectAllowed(value, SIGNIN_PATH));
};
provider.Client.prototype.postLogoutRedirectUriAllowed = function devPostLogoutRedirectUriAllowed(value) {
  return postLogoutRedirectUriAllowed.call(this, value)
    || (this.clientId === CLIENT_ID && devRedirectAllowed(value, SIGNOUT_PATH));
};
// Always put `sid` into the id_token. oidc-provider only does so for clients
// registered for back-channel logout (or when the claims parameter asks).
provider.Client.prototype.includeSid = function includeSid() {
  return true;
};

// The dev pages @import a web font from a CDN, which is unreachable here and
// can stall a headless browser. Block external loads; oidc-provider adds the
// hash of its form_post auto-submit script to script-src itself.
provider.use(async (ctx, next) => {
  ctx.set('Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; script-src 'self'");
  await next();
});

// Login submission of the devInteractions form: normalise the login name
// (lower-case, so `sub` is always lower-case) and finish the interaction.
// The form itself (GET /interaction/{uid}) is oidc-provider's own.
provider.use(async (ctx, next) => {
  if (ctx.method !== 'POST' || !/^\/interaction\/[^/]+$/.test(ctx.path)) {
    return next();
  }
  const raw = await readForm(ctx.req);
  const form = new URLSearchParams(raw);
  if (form.get('prompt') !== 'login') {
    ctx.req.body = raw; // let oidc-provider handle it (e.g. a consent form)
    return next();
  }
  const login = (form.get('login') ?? '').trim().toLowerCase();
  if (!LOGIN_NAME.test(login)) {
    ctx.status = 400;
    ctx.type = 'text';
    ctx.body = 'invalid login name (use 1-64 characters a-z 0-9 . _ -)\n';
    return undefined;
  }
  try {
    const details = await provider.interactionDetails(ctx.req, ctx.res);
    if (details.prompt.name !== 'login') {
      ctx.status = 400;
      ctx.type = 'text';
      ctx.body = `interaction expects prompt ${details.prompt.name}, not login\n`;
      return undefined;
    }
    ctx.respond = false; // interactionFinished writes the 303 itself
    await provider.interactionFinished(ctx.req, ctx.res, {
      login: { accountId: login },
    }, { mergeWithLastSubmission: false });
  } catch (err) {
    ctx.respond = true;
    ctx.status = err.statusCode || 400;
    ctx.type = 'text';
    ctx.body = `${err.error || 'error'}: ${err.error_description || err.message}\n`;
  }
  return undefined;
});

server.on('request', provider.callback());

if (ISSUER !== ADDRESS) {
  process.stderr.write(`dev-idp: issuer ${ISSUER}\n`);
}
process.stdout.write(`dev-idp listening on ${ADDRESS}\n`);

function shutdown() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
