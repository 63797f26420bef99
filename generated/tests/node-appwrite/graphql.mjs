// Records what node-appwrite (pinned in package.json) sends for its GraphQL calls, whose
// `query` parameter the OpenAPI spec does not declare, so that the Rust SDK's requests can be
// compared with them byte for byte.
//
// Usage (from this directory):  npm ci && node graphql.mjs
// Output: ../fixtures/node-appwrite-graphql.json
//
// Entry shape: { name, args, request: { method, path, headers, body } }, where `body` is the raw
// text sent and `headers` keeps only those node-appwrite sets for the call (not its client-wide
// identity headers, which the account fixture already compares).
//
// Only the object style (`graphql.query({ query })`) is recorded: node-appwrite's positional
// form, `graphql.query(request)`, tells the two styles apart by a `query` key, which every
// GraphQL request object has, so it sends `{"query": "<the query text>"}` instead of the request
// object, which the server cannot execute. The Rust positional variant sends what the object
// style sends.

import http from 'node:http';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Graphql } from 'node-appwrite';

const here = dirname(fileURLToPath(import.meta.url));
const outFile = join(here, '..', 'fixtures', 'node-appwrite-graphql.json');

let last = null;
const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
        last = {
            method: req.method,
            path: req.url,
            headers: {
                'content-type': req.headers['content-type'] ?? null,
                'x-sdk-graphql': req.headers['x-sdk-graphql'] ?? null,
            },
            body: Buffer.concat(chunks).toString('utf8'),
        };
        const body = '{"data":{}}';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
    });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const client = new Client()
    .setEndpoint(`http://127.0.0.1:${server.address().port}/v1`)
    .setProject('proj-1')
    .setKey('key-secret');
const graphql = new Graphql(client);

const query = { query: 'query { usersList { total users { _id email } } }' };
const withVariables = {
    query: 'query Get($id: String!) { usersGet(userId: $id) { _id name } }',
    variables: { id: 'u1' },
    operationName: 'Get',
};
const mutation = {
    query: 'mutation { teamsCreate(teamId: "unique()", name: "Team é \\"1\\"") { _id name } }',
};
const batch = [query, withVariables];
const cases = [
    ['query', { query }],
    ['query', { query: withVariables }],
    ['query', { query: batch }],
    ['mutation', { query: mutation }],
];

const entries = [];
for (const [name, args] of cases) {
    last = null;
    await graphql[name](args);
    if (last === null) throw new Error(`${name} sent nothing`);
    entries.push({ name, args, request: last });
}
server.close();

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(entries, null, 2) + '\n');
console.log(`wrote ${entries.length} entries to ${outFile}`);
