// Records what the official node-appwrite SDK (pinned in package.json) puts on the
// wire for a set of representative Account calls, so the Rust SDK tests can
// compare their own requests against it.
//
// Usage (from this directory):  npm ci && node record.mjs
// Output: ../fixtures/node-appwrite-requests.json
//
// A local HTTP recorder listens on 127.0.0.1 (random port); every request is
// recorded and answered with a plausible response:
//   - DELETE                      -> 204, empty body
//   - GET /v1/account/tokens/oauth2/{provider} -> 301, Location: https://example.com/oauth?x=1
//   - anything else               -> 200, `{}` (application/json)
//
// Fixture entry shape (keys in this order):
//   name            SDK method name as called
//   style           "object" (single params object) | "positional" (deprecated
//                   positional arguments; a call with no arguments is recorded
//                   as positional with args [])
//   client          "default" (endpoint, project, key, locale) or
//                   "all-headers" (every Client setter used)
//   args            the arguments exactly as passed (object, or array for
//                   positional); enum members appear as their string value
//   request         { method, path, query, raw_query, headers, body } or null
//                   when the SDK sent nothing (client-side validation error)
//   response_status status the recorder answered with (null if no request)
//   returned        what the SDK call resolved to, as JSON, or
//                   { "error": message } if it threw

import http from 'node:http';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
    Client,
    Account,
    Query,
    AuthenticatorType,
    AuthenticationFactor,
    OAuthProvider,
} from 'node-appwrite';

const here = dirname(fileURLToPath(import.meta.url));
const outFile = join(here, '..', 'fixtures', 'node-appwrite-requests.json');

// ---------------------------------------------------------------- recorder

const recorded = [];

function decodeQuery(raw) {
    if (raw === null) return [];
    return [...new URLSearchParams(raw)].map(([k, v]) => [k, v]);
}

function respond(req, res) {
    const path = req.url.split('?')[0];
    if (req.method === 'DELETE') {
        res.writeHead(204);
        res.end();
        return 204;
    }
    if (req.method === 'GET' && path.startsWith('/v1/account/tokens/oauth2/')) {
        res.writeHead(301, {
            location: 'https://example.com/oauth?x=1',
            'content-type': 'text/html; charset=UTF-8',
        });
        res.end();
        return 301;
    }
    const body = '{}';
    res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
    });
    res.end(body);
    return 200;
}

const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const qIndex = req.url.indexOf('?');
        const path = qIndex === -1 ? req.url : req.url.slice(0, qIndex);
        const rawQuery = qIndex === -1 ? null : req.url.slice(qIndex + 1);
        const headers = {};
        for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
        const contentType = headers['content-type'] || '';
        let body = null;
        if (text.length > 0) {
            if (contentType.includes('json')) {
                try {
                    body = JSON.parse(text);
                } catch {
                    body = text;
                }
            } else {
                body = text;
            }
        }
        const status = respond(req, res);
        recorded.push({
            method: req.method,
            path,
            raw_query: rawQuery,
            query: decodeQuery(rawQuery),
            headers,
            raw_header_names: req.rawHeaders.filter((_, i) => i % 2 === 0),
            body,
            status,
        });
    });
});

await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const port = server.address().port;
const endpoint = `http://127.0.0.1:${port}/v1`;

// ---------------------------------------------------------------- clients

const client = new Client()
    .setEndpoint(endpoint)
    .setProject('proj-1')
    .setKey('key-secret')
    .setLocale('fr');
const account = new Account(client);

const fullClient = new Client()
    .setEndpoint(endpoint)
    .setProject('proj-1')
    .setKey('key-secret')
    .setLocale('fr')
    .setJWT('jwt-token')
    .setSession('session-secret')
    .setForwardedUserAgent('Mozilla/5.0 (test)')
    .setImpersonateUserId('user-2')
    .setImpersonateUserEmail('other@example.com')
    .setImpersonateUserPhone('+14155550100')
    .addHeader('X-Custom-Header', 'custom-value');
const fullAccount = new Account(fullClient);

// ---------------------------------------------------------------- calls

// [name, style, args, clientName]
// For "object" style, args is the single params object; for "positional",
// args is the argument array.
const calls = [
    ['get', 'positional', []],

    ['create', 'object', { userId: 'user-1', email: 'a@b.c', password: 'password123', name: 'Alice' }],
    ['create', 'positional', ['user-1', 'a@b.c', 'password123', 'Alice']],
    ['create', 'object', { userId: 'user-1', email: 'a@b.c', password: 'password123' }],
    ['create', 'positional', ['user-1', 'a@b.c', 'password123']],

    ['updateEmail', 'object', { email: 'new@b.c', password: 'password123' }],
    ['updateEmail', 'positional', ['new@b.c', 'password123']],

    ['listIdentities', 'object', { queries: [Query.limit(5), Query.offset(10)], total: false }],
    ['listIdentities', 'positional', [[Query.limit(5), Query.offset(10)], false]],
    ['listIdentities', 'object', {}],
    ['listIdentities', 'positional', []],

    ['listLogs', 'object', { queries: [Query.equal('event', ['a', 'b'])] }],
    ['listLogs', 'positional', [[Query.equal('event', ['a', 'b'])], true]],

    ['deleteIdentity', 'object', { identityId: 'identity-1' }],
    ['deleteIdentity', 'object', { identityId: 'id/with?odd#chars' }],
    ['deleteIdentity', 'positional', ['id/with?odd#chars']],
    ['deleteIdentity', 'positional', ['a b%20c+d&e=f']],

    ['createJWT', 'object', { duration: 900 }],
    ['createJWT', 'positional', [900]],
    ['createJWT', 'positional', []],

    ['updateMFA', 'object', { mfa: true }],
    ['updateMFA', 'positional', [false]],

    ['createMFAAuthenticator', 'object', { type: AuthenticatorType.Totp }],
    ['createMFAAuthenticator', 'positional', [AuthenticatorType.Totp]],

    ['updateMFAChallenge', 'object', { challengeId: 'challenge-1', otp: '123456' }],
    ['updateMFAChallenge', 'positional', ['challenge-1', '123456']],

    ['createMFAChallenge', 'object', { factor: AuthenticationFactor.Email }],
    ['createMFAChallenge', 'positional', [AuthenticationFactor.Email]],

    ['updatePrefs', 'object', { prefs: { language: 'en', darkTheme: true, nested: { a: [1, 2] } } }],
    ['updatePrefs', 'positional', [{ language: 'en', darkTheme: true, nested: { a: [1, 2] } }]],

    ['getPrefs', 'positional', []],

    ['createOAuth2Token', 'object', {
        provider: OAuthProvider.Github,
        success: 'https://example.com/ok',
        failure: 'https://example.com/fail',
        scopes: ['read:user', 'user:email'],
    }],
    ['createOAuth2Token', 'positional', [
        OAuthProvider.Github,
        'https://example.com/ok',
        'https://example.com/fail',
        ['read:user', 'user:email'],
    ]],
    ['createOAuth2Token', 'object', { provider: OAuthProvider.Google }],
    ['createOAuth2Token', 'positional', [OAuthProvider.Google]],

    ['updateMagicURLSession', 'object', { userId: 'user-1', secret: 'magic-secret' }],
    ['updateMagicURLSession', 'positional', ['user-1', 'magic-secret']],

    ['createVerification', 'object', { url: 'https://example.com/verify' }],
    ['createVerification', 'positional', ['https://example.com/verify']],
    ['createEmailVerification', 'object', { url: 'https://example.com/verify' }],
    ['createEmailVerification', 'positional', ['https://example.com/verify']],

    ['deleteSessions', 'positional', []],
    ['deleteSession', 'object', { sessionId: 'current' }],
    ['deleteSession', 'positional', ['current']],

    ['createEmailToken', 'object', { userId: 'user-1', email: 'a@b.c', phrase: true }],
    ['createEmailToken', 'positional', ['user-1', 'a@b.c', true]],
    ['createEmailToken', 'positional', ['user-1', 'a@b.c']],

    ['createPhoneToken', 'positional', ['user-1', '+14155550100']],
    ['createPhoneToken', 'object', { userId: 'user-1', phone: '+14155550100' }],

    ['updateRecovery', 'object', { userId: 'user-1', secret: 'recovery-secret', password: 'newpassword123' }],
    ['updateRecovery', 'positional', ['user-1', 'recovery-secret', 'newpassword123']],

    ['createSession', 'object', { userId: 'user-1', secret: 'token-secret' }],
    ['createSession', 'positional', ['user-1', 'token-secret']],

    ['updateStatus', 'positional', []],
    ['listSessions', 'positional', []],

    ['createMagicURLToken', 'object', { userId: 'user-1', email: 'a@b.c', url: 'https://example.com/magic', phrase: false }],
    ['createMagicURLToken', 'positional', ['user-1', 'a@b.c', 'https://example.com/magic', false]],
    ['createMagicURLToken', 'object', { userId: 'user-1', email: 'a@b.c' }],

    ['updatePhoneSession', 'object', { userId: 'user-1', secret: '123456' }],
    ['updatePhoneSession', 'positional', ['user-1', '123456']],

    // Same client setup but with every Client setter (+ addHeader) used.
    ['get', 'positional', [], 'all-headers'],
    ['updatePrefs', 'object', { prefs: { language: 'en' } }, 'all-headers'],
];

// Verify every method exists on Account (catches renamed methods early).
for (const [name] of calls) {
    if (typeof account[name] !== 'function') {
        throw new Error(`Account.${name} does not exist in this node-appwrite version`);
    }
}

const KEEP_HEADERS = new Set(['content-type', 'user-agent', 'accept']);

function pickHeaders(headers) {
    const out = {};
    for (const key of Object.keys(headers).sort()) {
        if (key.startsWith('x-') || KEEP_HEADERS.has(key)) out[key] = headers[key];
    }
    return out;
}

function toJson(value) {
    if (value === undefined) return null;
    return JSON.parse(
        JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)),
    );
}

const entries = [];
for (const [name, style, args, clientName = 'default'] of calls) {
    const target = clientName === 'all-headers' ? fullAccount : account;
    const before = recorded.length;
    // Deep-copy args so the fixture holds exactly what was passed even if the
    // SDK were to mutate them.
    const argsSnapshot = toJson(args);
    let returned;
    try {
        const result =
            style === 'object' ? await target[name](args) : await target[name](...args);
        returned = toJson(result);
    } catch (err) {
        returned = { error: String(err && err.message !== undefined ? err.message : err) };
    }
    // Give the server a tick to finish recording (it records on 'end').
    await new Promise((r) => setImmediate(r));
    const reqs = recorded.slice(before);
    if (reqs.length > 1) throw new Error(`${name}: expected at most one request, got ${reqs.length}`);
    const r = reqs[0];
    entries.push({
        name,
        style,
        client: clientName,
        args: argsSnapshot,
        request: r
            ? {
                  method: r.method,
                  path: r.path,
                  query: r.query,
                  raw_query: r.raw_query,
                  headers: pickHeaders(r.headers),
                  body: r.body,
              }
            : null,
        response_status: r ? r.status : null,
        returned,
    });
}

server.closeAllConnections();
server.close();

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(entries, null, 2) + '\n');

// Diagnostics (stderr, not part of the fixture): header names as sent on the
// wire with their original casing, for the first request.
if (recorded.length > 0) {
    process.stderr.write(`raw header names (first request): ${recorded[0].raw_header_names.join(', ')}\n`);
    process.stderr.write(`all request headers (first request): ${JSON.stringify(recorded[0].headers)}\n`);
}
process.stderr.write(`wrote ${entries.length} entries to ${outFile}\n`);
