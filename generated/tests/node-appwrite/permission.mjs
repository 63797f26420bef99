// Records the strings produced by node-appwrite's Permission and Role helpers (the version
// pinned in package.json), so the Rust Permission and Role can be compared against them.
//
// Usage (from this directory):  npm ci && node permission.mjs
// Output: ../fixtures/node-appwrite-permission.json (also printed to stdout)
//
// Entry shape: { class, fn, args, output }. The script fails if any static function of
// Permission or Role is not exercised.

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Permission, Role } from 'node-appwrite';

const here = dirname(fileURLToPath(import.meta.url));
const outFile = join(here, '..', 'fixtures', 'node-appwrite-permission.json');

const odd = 'quote " slash / backslash \\ colon : unicode é 日本 emoji 😀 newline \n tab \t';
const ids = ['5c1f88b4', '', 'a/b', odd];
const cases = [
    ['Role', 'any', []],
    ['Role', 'guests', []],
    ['Role', 'users', []],
    ['Role', 'users', ['verified']],
    ['Role', 'users', ['unverified']],
    ['Role', 'users', ['']],
    ['Role', 'users', [odd]],
    ...ids.map((id) => ['Role', 'user', [id]]),
    ...ids.map((id) => ['Role', 'user', [id, 'verified']]),
    ['Role', 'user', ['u1', '']],
    ['Role', 'user', ['u1', odd]],
    ...ids.map((id) => ['Role', 'team', [id]]),
    ...ids.map((id) => ['Role', 'team', [id, 'owner']]),
    ['Role', 'team', ['t1', '']],
    ...ids.map((id) => ['Role', 'member', [id]]),
    ...ids.map((id) => ['Role', 'label', [id]]),
];
for (const fn of ['read', 'write', 'create', 'update', 'delete']) {
    for (const role of [Role.any(), Role.user('u1', 'verified'), Role.team('t1', 'owner'), '', odd]) {
        cases.push(['Permission', fn, [role]]);
    }
}

const classes = { Permission, Role };
const entries = cases.map(([cls, fn, args]) => ({ class: cls, fn, args, output: classes[cls][fn](...args) }));

for (const [name, cls] of Object.entries(classes)) {
    const fns = Object.getOwnPropertyNames(cls).filter((k) => typeof cls[k] === 'function');
    const missing = fns.filter((fn) => !entries.some((e) => e.class === name && e.fn === fn));
    if (missing.length > 0) {
        throw new Error(`${name} functions not exercised: ${missing.join(', ')}`);
    }
}

mkdirSync(dirname(outFile), { recursive: true });
const json = JSON.stringify(entries, null, 2) + '\n';
writeFileSync(outFile, json);
process.stdout.write(json);
