// Records the strings produced by node-appwrite's Query helpers (the version
// pinned in package.json), so the Rust Query builder can be compared against them.
//
// Usage (from this directory):  npm ci && node query.mjs
// Output: ../fixtures/node-appwrite-query.json (also printed to stdout)
//
// Entry shape: { call, fn, args, output }
//   call    human-readable call, e.g. equal("title", ["a","b"])
//   fn      Query static function name
//   args    the arguments as passed (JSON); for or/and/elemMatch the nested
//           query strings appear as the strings the inner helpers returned
//   output  the string node-appwrite's Query produced
//
// The script fails if any static function of Query is not exercised.

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Query } from 'node-appwrite';

const here = dirname(fileURLToPath(import.meta.url));
const outFile = join(here, '..', 'fixtures', 'node-appwrite-query.json');

// A nested query argument (for or/and/elemMatch): rendered as the string the
// inner helper returns, and shown as a nested call in `call`.
const Q = (fn, ...args) => ({ nested: true, fn, args });

function evaluate(value) {
    if (value && value.nested === true) return Query[value.fn](...value.args.map(evaluate));
    if (Array.isArray(value)) return value.map(evaluate);
    return value;
}

function describe(value) {
    if (value && value.nested === true) return `${value.fn}(${value.args.map(describe).join(', ')})`;
    if (Array.isArray(value) && value.some((v) => v && v.nested === true)) {
        return `[${value.map(describe).join(', ')}]`;
    }
    return JSON.stringify(value);
}

const point = [-73.9857, 40.7484];
const line = [[1, 2], [3, 4], [5, 6]];
const polygon = [[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]];

// [fn, args]
const cases = [
    ['equal', ['title', 'Avatar']],
    ['equal', ['title', ['a', 'b']]],
    ['equal', ['year', 1999]],
    ['equal', ['rating', 3.5]],
    ['equal', ['published', true]],
    ['equal', ['score', [1, 2, 3]]],
    ['equal', ['flags', [true, false]]],
    ['equal', ['title', []]],
    ['equal', ['title', 'quote " slash / backslash \\ unicode é 日本 emoji 😀 newline \n tab \t']],
    ['equal', ['$id', 'doc-1']],
    ['notEqual', ['title', 'Avatar']],
    ['notEqual', ['year', [1999, 2000]]],
    ['notEqual', ['published', false]],
    ['regex', ['name', '^A.*z$']],
    ['regex', ['email', '[a-z]+@example\\.com']],
    ['lessThan', ['year', 2000]],
    ['lessThan', ['price', 9.99]],
    ['lessThan', ['date', '2024-01-01T00:00:00.000+00:00']],
    ['lessThanEqual', ['year', 2000]],
    ['lessThanEqual', ['name', ['m', 'n']]],
    ['greaterThan', ['year', 2000]],
    ['greaterThan', ['price', -1.5]],
    ['greaterThanEqual', ['year', 0]],
    ['greaterThanEqual', ['name', 'a']],
    ['isNull', ['deletedAt']],
    ['isNotNull', ['deletedAt']],
    ['exists', [['title', 'year']]],
    ['exists', [['title']]],
    ['notExists', [['legacyField', 'oldField']]],
    ['notExists', [[]]],
    ['between', ['year', 1990, 2000]],
    ['between', ['price', 0.5, 99.99]],
    ['between', ['name', 'a', 'm']],
    ['startsWith', ['title', 'Ava']],
    ['startsWith', ['title', '']],
    ['endsWith', ['file', '.png']],
    ['select', [['title', 'year']]],
    ['select', [['*']]],
    ['select', [['author.*', '$id']]],
    ['search', ['content', 'hello world']],
    ['orderDesc', ['year']],
    ['orderDesc', ['$createdAt']],
    ['orderAsc', ['title']],
    ['orderAsc', ['']],
    ['orderRandom', []],
    ['cursorAfter', ['doc-42']],
    ['cursorBefore', ['doc-42']],
    ['limit', [25]],
    ['limit', [0]],
    ['offset', [0]],
    ['offset', [100]],
    ['contains', ['tags', 'rust']],
    ['contains', ['tags', ['rust', 'go']]],
    ['contains', ['numbers', [1, 2]]],
    ['containsAny', ['tags', ['rust', 'go']]],
    ['containsAny', ['numbers', [1, 2.5]]],
    ['containsAll', ['tags', ['rust', 'go']]],
    ['containsAll', ['flags', [true]]],
    ['notContains', ['tags', 'spam']],
    ['notContains', ['tags', ['spam', 'ads']]],
    ['notSearch', ['content', 'spam']],
    ['notBetween', ['year', 1990, 2000]],
    ['notBetween', ['name', 'a', 'm']],
    ['notStartsWith', ['title', 'The ']],
    ['notEndsWith', ['file', '.tmp']],
    ['createdBefore', ['2024-01-01T00:00:00.000+00:00']],
    ['createdAfter', ['2024-01-01T00:00:00.000+00:00']],
    ['createdBetween', ['2024-01-01T00:00:00.000+00:00', '2024-12-31T23:59:59.999+00:00']],
    ['updatedBefore', ['2024-06-01']],
    ['updatedAfter', ['2024-06-01']],
    ['updatedBetween', ['2024-01-01', '2024-06-30']],
    ['or', [[Q('equal', 'title', 'Avatar'), Q('lessThan', 'year', 2000)]]],
    ['or', [[Q('equal', 'a', [1, 2]), Q('and', [Q('greaterThan', 'b', 5), Q('isNull', 'c')])]]],
    ['or', [[Q('equal', 'only', 'one')]]],
    ['and', [[Q('equal', 'title', ['a', 'b']), Q('between', 'year', 1990, 2000)]]],
    ['and', [[Q('or', [Q('equal', 'x', true), Q('equal', 'y', false)]), Q('select', ['x'])]]],
    ['elemMatch', ['items', [Q('equal', 'sku', 'A1'), Q('greaterThan', 'qty', 2)]]],
    ['elemMatch', ['items', [Q('or', [Q('equal', 'a', 1), Q('equal', 'b', 2)])]]],
    ['distanceEqual', ['location', point, 1000]],
    ['distanceEqual', ['location', point, 1.5, false]],
    ['distanceEqual', ['location', point, 1000, true]],
    ['distanceNotEqual', ['location', point, 1000]],
    ['distanceNotEqual', ['location', point, 2, false]],
    ['distanceGreaterThan', ['location', point, 500]],
    ['distanceGreaterThan', ['location', point, 0.5, false]],
    ['distanceLessThan', ['location', point, 500]],
    ['distanceLessThan', ['area', polygon, 10, false]],
    ['intersects', ['location', point]],
    ['intersects', ['route', line]],
    ['intersects', ['area', polygon]],
    ['notIntersects', ['location', point]],
    ['notIntersects', ['area', polygon]],
    ['crosses', ['route', line]],
    ['crosses', ['area', polygon]],
    ['notCrosses', ['route', line]],
    ['notCrosses', ['location', point]],
    ['overlaps', ['area', polygon]],
    ['overlaps', ['route', line]],
    ['notOverlaps', ['area', polygon]],
    ['notOverlaps', ['location', point]],
    ['touches', ['area', polygon]],
    ['touches', ['location', point]],
    ['notTouches', ['area', polygon]],
    ['notTouches', ['route', line]],
];

// Every static function of Query must be covered.
const staticFns = Object.keys(Query).filter((k) => typeof Query[k] === 'function').sort();
const covered = new Set(cases.map(([fn]) => fn));
const missing = staticFns.filter((fn) => !covered.has(fn));
const unknown = [...covered].filter((fn) => !staticFns.includes(fn));
if (missing.length || unknown.length) {
    throw new Error(`Query coverage mismatch: missing=${missing.join(',')} unknown=${unknown.join(',')}`);
}

const entries = cases.map(([fn, rawArgs]) => {
    const args = evaluate(rawArgs);
    const snapshot = JSON.parse(JSON.stringify(args));
    const output = Query[fn](...args);
    if (typeof output !== 'string') throw new Error(`${fn} did not return a string`);
    return {
        call: `${fn}(${rawArgs.map(describe).join(', ')})`,
        fn,
        args: snapshot,
        output,
    };
});

const text = JSON.stringify(entries, null, 2) + '\n';
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, text);
process.stdout.write(text);
process.stderr.write(`wrote ${entries.length} entries (${staticFns.length} Query functions) to ${outFile}\n`);
