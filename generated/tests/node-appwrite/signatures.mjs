// Records the positional signatures of node-appwrite's service methods (the version pinned in
// package.json), read from the package's own type declarations, so the order of the Rust
// `_positional` variants can be compared against them.
//
// Usage (from this directory):  npm ci && node signatures.mjs
// Output: ../fixtures/node-appwrite-signatures.json (also printed to stdout)
//
// Shape: { version, services: { <file stem>: { class, methods: { <method>: [<parameter>, …] },
// generic: [<method>, …] } } }, `generic` listing the methods generic over the caller's user data
// (`Preferences`, `Document`, `Row`).
// A method declared with one object parameter (`params: {…}`) only is recorded as such
// (`"object-only"`); the positional overload wins when both exist. The script fails when a
// declaration cannot be read.

import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outFile = join(here, '..', 'fixtures', 'node-appwrite-signatures.json');
const require = createRequire(import.meta.url);
// The package's directory: the nearest one above its entry point with its package.json.
let pkgDir = dirname(require.resolve('node-appwrite'));
while (!existsSync(join(pkgDir, 'package.json'))) pkgDir = dirname(pkgDir);
const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
const servicesDir = join(pkgDir, 'dist', 'services');

// Splits `text` at the commas outside any bracket.
function splitTopLevel(text) {
    const parts = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if ('<({['.includes(c)) depth++;
        else if ('>)}]'.includes(c) && text[i - 1] !== '=') depth--;
        else if (c === ',' && depth === 0) {
            parts.push(text.slice(start, i));
            start = i + 1;
        }
    }
    if (text.slice(start).trim() !== '') parts.push(text.slice(start));
    return parts.map((p) => p.trim()).filter((p) => p !== '');
}

// The text between the `(` at `open` and its matching `)`.
function parenthesized(text, open) {
    let depth = 0;
    for (let i = open; i < text.length; i++) {
        if (text[i] === '(') depth++;
        else if (text[i] === ')' && --depth === 0) return text.slice(open + 1, i);
    }
    throw new Error(`unbalanced parentheses after offset ${open}`);
}

const services = {};
const files = readdirSync(servicesDir).filter((f) => f.endsWith('.d.ts')).sort();
for (const file of files) {
    const stem = file.slice(0, -'.d.ts'.length);
    const text = readFileSync(join(servicesDir, file), 'utf8');
    const cls = /declare class (\w+)/.exec(text);
    if (!cls) throw new Error(`${file}: no class declaration`);
    const methods = {};
    const generic = new Set();
    // Method declarations: four spaces of indentation, a name, optional generics, `(`.
    const decl = /^ {4}(\w+)(<[^\n]*?>)?\(/gm;
    for (let m; (m = decl.exec(text)); ) {
        const name = m[1];
        if (name === 'constructor') continue;
        // Generic over the caller's user data: `getRow<Row extends Models.Row = …>(…)`.
        if (/^<(Preferences|Document|Row) extends /.test(m[2] ?? '')) generic.add(name);
        const open = m.index + m[0].length - 1;
        const params = splitTopLevel(parenthesized(text, open)).map((p) => {
            const param = /^(\w+)(\?)?:/.exec(p);
            if (!param) throw new Error(`${file}: ${name}: cannot read parameter \`${p}\``);
            return { name: param[1], optional: param[2] === '?', type: p.slice(param[0].length).trim() };
        });
        const objectOnly = params.length === 1 && params[0].name === 'params' && params[0].type.startsWith('{');
        if (objectOnly) {
            if (!(name in methods)) methods[name] = 'object-only';
        } else {
            methods[name] = params.map((p) => p.name);
        }
    }
    services[stem] = { class: cls[1], methods, generic: [...generic].sort() };
}

const out = JSON.stringify({ version, services }, null, 2) + '\n';
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, out);
process.stdout.write(out);
