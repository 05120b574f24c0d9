// TenantSite development/test OpenID Connect provider.
//
// DEVELOPMENT AND TESTS ONLY. It accepts any login name without a password,
// keeps everything in memory and signs with oidc-provider's well-known dev key
// (unless DEV_IDP_JWKS_FILE is given). Like Google and Entra ID, it accepts
// only the exact redirect URIs registered for a client: the app's root domain
// (DEV_IDP_APP_ORIGIN), plus clients its parent process registers on stdin.
// It listens on 127.0.0.1 unless DEV_IDP_HOST says otherwise (a container on a
// private network); never expose it further. See README.md.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

// oidc-provider prints its development notices with console.info (stdout).
// stdout is reserved for our single ready line, so send those to stderr.
// This must happen before oidc-provider is loaded (it warns on import).
console.info = (...args) => console.error(...args);
console.log = (...args) => console.error(...args);

const { default: Provider } = await import('oidc-provider');
const { default: MemoryAdapter } = await import('oidc-provider/lib/adapters/memory_adapter.js');

// ---------------------------------------------------------------- settings

const env = process.env;
const HOST = env.DEV_IDP_HOST || '127.0.0.1';
const PORT = parsePort(env.DEV_IDP_PORT ?? '5556');
const CLIENT_ID = env.DEV_IDP_CLIENT_ID || 'tenantsite';
const CLIENT_SECRET = env.DEV_IDP_CLIENT_SECRET || 'tenantsite-dev-secret';
const TOKEN_AUTH_METHOD = env.DEV_IDP_TOKEN_AUTH_METHOD || 'client_secret_basic';
const JWKS_FILE = env.DEV_IDP_JWKS_FILE || '';
const ID_TOKEN_CLAIMS = env.DEV_IDP_ID_TOKEN_CLAIMS || 'all';
const APP_ORIGIN = env.DEV_IDP_APP_ORIGIN || 'http://localhost:5000';
const EMAIL_VERIFIED = env.DEV_IDP_EMAIL_VERIFIED || 'true';
const SID = env.DEV_IDP_SID || 'send';
const COOKIE_KEY = 'tenantsite-dev-idp-cookie-key-not-a-secret';

if (!['true', 'false', 'omit'].includes(EMAIL_VERIFIED)) {
  fail(`DEV_IDP_EMAIL_VERIFIED must be true, false or omit, got "${EMAIL_VERIFIED}"`);
}
if (!['send', 'omit'].includes(SID)) {
  fail(`DEV_IDP_SID must be send or omit, got "${SID}"`);
}

if (!['all', 'minimal'].includes(ID_TOKEN_CLAIMS)) {
  fail(`DEV_IDP_ID_TOKEN_CLAIMS must be all or minimal, got "${ID_TOKEN_CLAIMS}"`);
}
if (!['client_secret_basic', 'client_secret_post'].includes(TOKEN_AUTH_METHOD)) {
  fail(`DEV_IDP_TOKEN_AUTH_METHOD must be client_secret_basic or client_secret_post, got "${TOKEN_AUTH_METHOD}"`);
}

const SIGNIN_PATH = '/signin-oidc';
const SIGNOUT_PATH = '/signout-callback-oidc';
const BACKCHANNEL_PATH = '/backchannel-logout';

const DEMO_USERS = {
  alice: 'Alice Anderson',
  bob: 'Bob Brown',
  carol: 'Carol Clark',
};

// Login names: trimmed, lower-cased, then [a-z0-9._-], 1-64 chars.
const LOGIN_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

// ------------------------------------------------------------------ clients

// An origin as the URL parser prints it: http(s)://host[:port], nothing else.
function appOrigin(value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.username || url.password
    || url.pathname !== '/' || url.search || url.hash || `${url.origin}` !== value.replace(/\/$/, '')) {
    return undefined;
  }
  return url.origin;
}

// Exactly what an operator registers at Google or Entra ID for TenantSite: the
// root domain's two callbacks, and its back-channel logout URI.
function clientFor(clientId, origin) {
  return {
    client_id: clientId,
    client_secret: CLIENT_SECRET,
    client_name: 'TenantSite (development)',
    application_type: 'web',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: TOKEN_AUTH_METHOD,
    redirect_uris: [`${origin}${SIGNIN_PATH}`],
    post_logout_redirect_uris: [`${origin}${SIGNOUT_PATH}`],
    backchannel_logout_uri: `${origin}${BACKCHANNEL_PATH}`,
    // With it, oidc-provider puts `sid` into id_tokens and logout tokens; Google sends none (DEV_IDP_SID=omit).
    backchannel_logout_session_required: SID === 'send',
  };
}

const defaultOrigin = appOrigin(APP_ORIGIN);
if (!defaultOrigin) fail(`DEV_IDP_APP_ORIGIN must be an origin such as http://localhost:5000, got "${APP_ORIGIN}"`);
const clients = new Map([[CLIENT_ID, clientFor(CLIENT_ID, defaultOrigin)]]);

// Clients come from this map rather than from static configuration, so the
// parent process can register one per app it starts (whose port it learns only
// then); every other model is oidc-provider's own in-memory storage.
class DevAdapter extends MemoryAdapter {
  constructor(model) {
    super(model);
    this.isClient = model === 'Client';
  }

  async find(id) {
    return this.isClient ? clients.get(id) : super.find(id);
  }
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
        // DEV_IDP_EMAIL_VERIFIED: true, false, or omit (no claim, as Entra ID sends none).
        ...(EMAIL_VERIFIED === 'omit' ? {} : { email_verified: EMAIL_VERIFIED === 'true' }),
        name: DEMO_USERS[sub] ?? capitalise(sub),
      };
    },
  };
}

// ---------------------------------------------------- consent (auto-grant)

// First-party dev clients (every one registered here): never show the consent prompt. Load (or create)
// the grant and add whatever OIDC scopes/claims this request asks for, so
// the consent policy's checks always pass.
async function loadExistingGrant(ctx) {
  const { oidc } = ctx;
  const grantId = oidc.result?.consent?.grantId
    || oidc.session.grantIdFor(oidc.client.clientId);
  let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;

  if (!clients.has(oidc.client.clientId)) return grant;

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
  adapter: DevAdapter,
  // oidc-provider refuses outgoing requests to loopback and private addresses (SSRF protection). The app it posts
  // back-channel logout tokens to runs on loopback in development and tests, so this dev provider lets them through.
  fetch: (url, options) => {
    const { dispatcher, ...rest } = options;
    return globalThis.fetch(url, rest);
  },
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
    backchannelLogout: { enabled: true },
    claimsParameter: { enabled: false },
    clientCredentials: { enabled: false },
    deviceFlow: { enabled: false },
    dPoP: { enabled: false },
    introspection: { enabled: false },
    // Offered, not required: ASP.NET Core's handler pushes its request when discovery says it may.
    pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
    registration: { enabled: false },
    resourceIndicators: { enabled: false },
    revocation: { enabled: false },
  },
});
provider.proxy = false;

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

// A back-channel logout the app refused or never received is worth a line on stderr.
provider.on('backchannel.error', (ctx, err, client) => {
  process.stderr.write(`dev-idp: back-channel logout to ${client.clientId} failed: ${err.message}\n`);
});

server.on('request', provider.callback());

if (ISSUER !== ADDRESS) {
  process.stderr.write(`dev-idp: issuer ${ISSUER}\n`);
}
process.stdout.write(`dev-idp listening on ${ADDRESS}\n`);

// The parent process registers more clients on stdin, one line each:
// `client <client_id> <origin>` (same secret and settings, that origin's URIs).
// Each is confirmed on stdout with `dev-idp registered <client_id>`.
let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let newline;
  while ((newline = pending.indexOf('\n')) >= 0) {
    const line = pending.slice(0, newline).trim();
    pending = pending.slice(newline + 1);
    const [command, clientId, origin] = line.split(/\s+/);
    const parsed = origin && appOrigin(origin);
    if (command !== 'client' || !clientId || !LOGIN_NAME.test(clientId) || !parsed) {
      process.stderr.write(`dev-idp: ignored "${line}" (expected: client <client_id> <origin>)\n`);
      continue;
    }
    clients.set(clientId, clientFor(clientId, parsed));
    process.stdout.write(`dev-idp registered ${clientId}\n`);
  }
});
process.stdin.on('error', () => {});

function shutdown() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
