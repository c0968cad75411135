#!/usr/bin/env node
// Conformance judge for the catalog REST API: drives Backstage's own CatalogClient
// (@backstage/catalog-client, pinned in package.json) against a running backend and checks
// every answer against values derived from the test catalog below.
//
//   node catalog-client-conformance.mjs --write-catalog DIR
//       writes the test catalog (DIR/all.yaml is the root Location; DIR/register/jukebox.yaml
//       is registered at run time through addLocation)
//   node catalog-client-conformance.mjs BASEURL --catalog DIR [--token TOKEN]
//       BASEURL is the server root (the client talks to BASEURL/api/catalog); the backend must
//       have DIR/all.yaml as its configured ("file") location, and allow registering "file"
//       locations. The token may also come from CONFORMANCE_TOKEN.
//
// Prints one JSON line per check: {"check": "...", "ok": true|false, "detail": ...} and exits
// with 1 when any check failed (2 on usage errors). The run mutates the catalog (registers and
// removes a location, deletes and gets back one entity), so use a fresh backend per run.
//
// The same script runs against the real Backstage backend (/work/shared/backstage-peer):
//   node catalog-client-conformance.mjs --write-catalog /tmp/cc-cat
//   PEER_NOAUTH=1 ./start-peer.sh 7007 /tmp/cc-cat/all.yaml
//   node catalog-client-conformance.mjs http://127.0.0.1:7007 --catalog /tmp/cc-cat
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CatalogClient, CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';

// ---------------------------------------------------------------------------------------------
// The test catalog. Everything the checks expect is derived from these objects.

const V1 = 'backstage.io/v1alpha1';
const entity = (kind, name, spec, metadata = {}) => ({
  apiVersion: V1, kind, metadata: { name, ...metadata }, spec,
});

const CATALOG = {
  'all.yaml': [
    entity('Location', 'conformance-root', {
      targets: ['./org.yaml', './systems.yaml', './components.yaml'],
    }, { description: 'Root of the catalog-client conformance catalog' }),
  ],
  'org.yaml': [
    entity('Group', 'acme', { type: 'organization', children: ['team-a', 'team-b'] },
      { title: 'ACME' }),
    entity('Group', 'team-a', { type: 'team', parent: 'acme', children: [],
      profile: { displayName: 'Team A' } }),
    entity('Group', 'team-b', { type: 'team', parent: 'acme', children: [] }),
    entity('User', 'alice', { memberOf: ['team-a'], profile: { email: 'alice@example.com' } }),
    entity('User', 'bob', { memberOf: ['team-b'] }),
    entity('User', 'carol', { memberOf: ['team-a', 'team-b'] }),
  ],
  'systems.yaml': [
    entity('Domain', 'media', { owner: 'acme' }),
    entity('System', 'audio', { owner: 'team-a', domain: 'media' }),
    entity('System', 'video', { owner: 'team-b', domain: 'media' }),
    entity('Resource', 'bucket', { type: 's3-bucket', owner: 'team-b', system: 'video' }),
  ],
  'components.yaml': [
    entity('Component', 'player', {
      type: 'service', lifecycle: 'production', owner: 'team-a', system: 'audio',
      providesApis: ['player-api'], dependsOn: ['component:mixer', 'resource:bucket'],
    }, { tags: ['java', 'audio'], annotations: { 'example.com/tier': 'gold' } }),
    entity('Component', 'mixer', {
      type: 'library', lifecycle: 'experimental', owner: 'group:team-a', system: 'audio',
    }, { tags: ['java'] }),
    entity('Component', 'encoder', {
      type: 'service', lifecycle: 'production', owner: 'team-b', system: 'video',
      consumesApis: ['player-api'],
    }, { tags: ['go', 'video'] }),
    entity('Component', 'website', {
      type: 'website', lifecycle: 'production', owner: 'team-b', dependsOn: ['component:player'],
    }, { tags: ['frontend'] }),
    entity('API', 'player-api', {
      type: 'openapi', lifecycle: 'production', owner: 'team-a', system: 'audio',
      definition: 'openapi: 3.0.0\ninfo:\n  title: Player\n  version: 1.0.0\npaths: {}\n',
    }),
  ],
  // Not reachable from all.yaml: registered through addLocation.
  'register/jukebox.yaml': [
    entity('Component', 'jukebox', {
      type: 'service', lifecycle: 'experimental', owner: 'team-b', providesApis: ['jukebox-api'],
    }),
    entity('API', 'jukebox-api', {
      type: 'grpc', lifecycle: 'experimental', owner: 'team-b', definition: 'syntax = "proto3";\n',
    }),
  ],
};

function writeCatalog(dir) {
  for (const [file, docs] of Object.entries(CATALOG)) {
    const path = join(dir, file);
    mkdirSync(join(path, '..'), { recursive: true });
    // JSON is YAML: one document per entity.
    writeFileSync(path, docs.map(d => `---\n${JSON.stringify(d, null, 2)}\n`).join(''));
  }
}

// ---------------------------------------------------------------------------------------------
// Arguments

const args = process.argv.slice(2);
function option(name) {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}
const writeDir = option('--write-catalog');
if (writeDir) {
  writeCatalog(resolve(writeDir));
  process.exit(0);
}
const catalogDir = option('--catalog');
const token = option('--token') ?? process.env.CONFORMANCE_TOKEN;
const baseUrl = args[0];
if (!baseUrl || !catalogDir) {
  console.error('usage: node catalog-client-conformance.mjs BASEURL --catalog DIR [--token TOKEN]\n'
    + '       node catalog-client-conformance.mjs --write-catalog DIR');
  process.exit(2);
}
const dir = resolve(catalogDir);
const fileRef = f => `file:${join(dir, f)}`;
const sha1 = s => createHash('sha1').update(s).digest('hex');
const ROOT_FILE = join(dir, 'all.yaml');
const REGISTER_FILE = join(dir, 'register/jukebox.yaml');
const CONFIG_LOCATION = `location:default/generated-${sha1(`file:${ROOT_FILE}`)}`;
const REGISTERED_LOCATION = `location:default/generated-${sha1(`file:${REGISTER_FILE}`)}`;

// ---------------------------------------------------------------------------------------------
// Expected values

const refOf = e => stringifyEntityRef({ kind: e.kind, namespace: 'default', name: e.metadata.name });
const fileOf = {};
for (const [file, docs] of Object.entries(CATALOG)) for (const d of docs) fileOf[refOf(d)] = file;
const BASE = Object.entries(CATALOG).filter(([f]) => !f.startsWith('register/')).flatMap(([, d]) => d);
const ALL_REFS = [...BASE.map(refOf), CONFIG_LOCATION].sort();
const byRef = Object.fromEntries(BASE.map(e => [refOf(e), e]));
const refsWhere = pred => BASE.filter(pred).map(refOf).sort();
const COMPONENT_NAMES = BASE.filter(e => e.kind === 'Component').map(e => e.metadata.name).sort();

// Relations as Backstage's BuiltinKindsEntityProcessor emits them, stitched (both directions).
const EXPECTED_RELATIONS = {
  'component:default/player': [
    ['dependencyOf', 'component:default/website'],
    ['dependsOn', 'component:default/mixer'],
    ['dependsOn', 'resource:default/bucket'],
    ['ownedBy', 'group:default/team-a'],
    ['partOf', 'system:default/audio'],
    ['providesApi', 'api:default/player-api'],
  ],
  'api:default/player-api': [
    ['apiConsumedBy', 'component:default/encoder'],
    ['apiProvidedBy', 'component:default/player'],
    ['ownedBy', 'group:default/team-a'],
    ['partOf', 'system:default/audio'],
  ],
  'group:default/team-a': [
    ['childOf', 'group:default/acme'],
    ['hasMember', 'user:default/alice'],
    ['hasMember', 'user:default/carol'],
    ['ownerOf', 'api:default/player-api'],
    ['ownerOf', 'component:default/mixer'],
    ['ownerOf', 'component:default/player'],
    ['ownerOf', 'system:default/audio'],
  ],
  'user:default/carol': [
    ['memberOf', 'group:default/team-a'],
    ['memberOf', 'group:default/team-b'],
  ],
  'system:default/video': [
    ['hasPart', 'component:default/encoder'],
    ['hasPart', 'resource:default/bucket'],
    ['ownedBy', 'group:default/team-b'],
    ['partOf', 'domain:default/media'],
  ],
};
const relList = e => (e?.relations ?? []).map(r => `${r.type} ${r.targetRef}`).sort();
const expRelList = ref => EXPECTED_RELATIONS[ref].map(([t, r]) => `${t} ${r}`).sort();

// ---------------------------------------------------------------------------------------------
// Client, with the last response's headers kept (the client drops them; Link needs them)

let lastResponse;
const root = baseUrl.replace(/\/+$/, '');
const client = new CatalogClient({
  discoveryApi: { getBaseUrl: async () => `${root}/api/catalog` },
  fetchApi: {
    fetch: async (input, init = {}) => {
      const headers = new Headers(init.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      lastResponse = await fetch(input, { ...init, headers });
      return lastResponse;
    },
  },
});

// ---------------------------------------------------------------------------------------------
// Check machinery

let failures = 0;
const json = v => JSON.stringify(v, (k, x) => (x === undefined ? '<undefined>' : x));
// comparison form: object keys sorted (key order is not part of the contract), undefined visible
const canon = v => JSON.stringify(v, (k, x) => {
  if (x === undefined) return '<undefined>';
  if (x && typeof x === 'object' && !Array.isArray(x)) {
    return Object.fromEntries(Object.keys(x).sort().map(key => [key, x[key]]));
  }
  return x;
});
function report(check, ok, detail) {
  if (!ok) failures++;
  console.log(JSON.stringify({ check, ok, detail }));
}
class Mismatch extends Error {}
function expectEqual(what, actual, expected) {
  if (canon(actual) !== canon(expected)) {
    throw new Mismatch(`${what}: expected ${json(expected)}, got ${json(actual)}`);
  }
}
function expectTrue(what, cond, actual) {
  if (!cond) throw new Mismatch(`${what}${actual === undefined ? '' : `: got ${json(actual)}`}`);
}
async function check(name, fn) {
  try {
    const detail = await fn();
    report(name, true, detail ?? 'ok');
  } catch (e) {
    report(name, false, e instanceof Mismatch ? e.message : `${e?.name}: ${e?.message}`);
  }
}
async function expectThrows(what, fn, status, name, message) {
  try {
    await fn();
  } catch (e) {
    const got = e?.response?.status;
    expectEqual(`${what} status (${e?.name}: ${e?.message})`, got, status);
    // ResponseError: body is the server's {error, request, response} when it sent one
    expectEqual(`${what} error name`, e?.body?.error?.name, name);
    if (message instanceof RegExp) {
      expectTrue(`${what} error message matches ${message}`, message.test(e?.body?.error?.message ?? ''), e?.body?.error?.message);
    } else if (message !== undefined) {
      expectEqual(`${what} error message`, e?.body?.error?.message, message);
    }
    expectEqual(`${what} body.response.statusCode`, e?.body?.response?.statusCode, status);
    return `${got} ${e?.body?.error?.name ?? e?.cause?.name}: ${e?.body?.error?.message ?? e.message}`;
  }
  throw new Mismatch(`${what}: expected an error with status ${status}, got success`);
}
const sleep = ms => new Promise(r => setTimeout(r, ms));
async function poll(what, fn, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last.done) return last.value;
    } catch (e) {
      last = { detail: `${e.name}: ${e.message}` };
    }
    if (Date.now() > deadline) {
      throw new Mismatch(`${what} not reached within ${timeoutMs / 1000} s; last: ${last?.detail ?? json(last?.value)}`);
    }
    await sleep(250);
  }
}
const names = r => r.items.map(e => e?.metadata?.name);
const refs = r => r.items.map(e => (e ? refOf(e) : undefined));
const sortedRefs = r => refs(r).sort();
const b64json = s => JSON.parse(Buffer.from(s, 'base64').toString('utf8'));

// ---------------------------------------------------------------------------------------------
// 0. Wait until the catalog is ingested and stitched

await check('catalog.ready', async () => {
  await poll('all entities served with stitched relations', async () => {
    const r = await client.getEntities();
    const ready = json(sortedRefs(r)) === json(ALL_REFS)
      && r.items.every(e => Array.isArray(e.relations))
      && json(relList(r.items.find(e => refOf(e) === 'component:default/player')))
        === json(expRelList('component:default/player'));
    return { done: ready, detail: `${r.items.length} entities: ${sortedRefs(r).join(' ')}` };
  });
  return `${ALL_REFS.length} entities`;
});
if (failures) {
  // nothing below can be judged without the catalog
  console.log(JSON.stringify({ summary: true, failures, aborted: 'catalog not ready' }));
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// 1. getEntities

let allEntities = [];
await check('getEntities.all', async () => {
  const r = await client.getEntities();
  allEntities = r.items;
  expectEqual('refs', sortedRefs(r), ALL_REFS);
  return `${r.items.length} entities`;
});

await check('getEntities.entityShape', async () => {
  for (const e of allEntities) {
    const ref = refOf(e);
    expectEqual(`${ref} apiVersion`, e.apiVersion, V1);
    expectEqual(`${ref} metadata.namespace`, e.metadata.namespace, 'default');
    expectTrue(`${ref} metadata.uid is a non-empty string`, typeof e.metadata.uid === 'string' && e.metadata.uid.length > 0, e.metadata.uid);
    expectTrue(`${ref} metadata.etag is a non-empty string`, typeof e.metadata.etag === 'string' && e.metadata.etag.length > 0, e.metadata.etag);
    expectTrue(`${ref} relations is an array`, Array.isArray(e.relations), e.relations);
  }
  expectEqual('uids are unique', new Set(allEntities.map(e => e.metadata.uid)).size, allEntities.length);
  const player = allEntities.find(e => refOf(e) === 'component:default/player');
  expectEqual('player spec', player.spec, byRef['component:default/player'].spec);
  expectEqual('player tags', player.metadata.tags, ['java', 'audio']);
  expectEqual('player annotation example.com/tier', player.metadata.annotations['example.com/tier'], 'gold');
});

await check('getEntities.locationAnnotations', async () => {
  for (const e of allEntities) {
    const ref = refOf(e);
    const a = e.metadata.annotations ?? {};
    const origin = `file:${ROOT_FILE}`;
    const managedBy = ref === CONFIG_LOCATION ? origin : fileRef(fileOf[ref]);
    expectEqual(`${ref} backstage.io/managed-by-location`, a['backstage.io/managed-by-location'], managedBy);
    expectEqual(`${ref} backstage.io/managed-by-origin-location`, a['backstage.io/managed-by-origin-location'], origin);
  }
});

await check('getEntities.relations', async () => {
  for (const ref of Object.keys(EXPECTED_RELATIONS)) {
    const e = allEntities.find(x => refOf(x) === ref);
    expectEqual(`${ref} relations`, relList(e), expRelList(ref));
    for (const r of e.relations) {
      expectEqual(`${ref} relation keys`, Object.keys(r).sort(), ['targetRef', 'type']);
    }
  }
});

const filterCases = [
  ['kind', { kind: 'component' }, e => e.kind === 'Component'],
  ['caseInsensitive', { kind: 'COMPONENT', 'spec.lifecycle': 'PRODUCTION' },
    e => e.kind === 'Component' && e.spec.lifecycle === 'production'],
  ['anyOfValues', { kind: ['API', 'Resource'] }, e => e.kind === 'API' || e.kind === 'Resource'],
  ['orOfSets', [{ kind: 'component', 'spec.type': 'service' }, { kind: 'group', 'spec.type': 'organization' }],
    e => (e.kind === 'Component' && e.spec.type === 'service') || (e.kind === 'Group' && e.spec.type === 'organization')],
  ['exists', { kind: 'component', 'spec.system': CATALOG_FILTER_EXISTS },
    e => e.kind === 'Component' && e.spec.system !== undefined],
  ['relation', { 'relations.ownedBy': 'group:default/team-a' }, e => ['team-a', 'group:team-a'].includes(e.spec.owner)],
  ['tags', { 'metadata.tags': 'java' }, e => (e.metadata.tags ?? []).includes('java')],
  ['arrayElementKey', { 'metadata.tags.java': CATALOG_FILTER_EXISTS }, e => (e.metadata.tags ?? []).includes('java')],
  ['sameKeyTwice', { 'spec.memberOf': ['team-b', 'nobody'] }, e => (e.spec.memberOf ?? []).includes('team-b')],
  ['annotation', { 'metadata.annotations.example.com/tier': 'gold' }, e => e.metadata.name === 'player'],
  ['nestedSpec', { 'spec.profile.displayName': 'team a' }, e => e.metadata.name === 'team-a'],
  ['noMatch', { kind: 'template' }, () => false],
];
for (const [name, filter, pred] of filterCases) {
  await check(`getEntities.filter.${name}`, async () => {
    const r = await client.getEntities({ filter });
    const expected = refsWhere(pred);
    expectEqual(`filter ${json(filter)}`, sortedRefs(r), expected);
    return expected.join(' ') || '(none)';
  });
}

await check('getEntities.fields', async () => {
  const r = await client.getEntities({
    filter: { kind: 'user' }, fields: ['kind', 'metadata.name', 'spec.memberOf'],
  });
  const got = [...r.items].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  const expected = BASE.filter(e => e.kind === 'User')
    .map(e => ({ kind: 'User', metadata: { name: e.metadata.name }, spec: { memberOf: e.spec.memberOf } }))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  expectEqual('projected users', got, expected);
});

await check('getEntities.fields.dottedAnnotationKey', async () => {
  const r = await client.getEntities({
    filter: { kind: 'component', 'metadata.name': 'player' },
    fields: ['metadata.name', 'metadata.annotations.example.com/tier'],
  });
  expectEqual('projected', r.items, [{ metadata: { name: 'player', annotations: { 'example.com/tier': 'gold' } } }]);
});

await check('getEntities.order', async () => {
  const r = await client.getEntities({
    filter: { kind: 'component' }, order: { field: 'metadata.name', order: 'desc' }, fields: ['metadata.name'],
  });
  expectEqual('names', names(r), [...COMPONENT_NAMES].reverse());
});

await check('getEntities.order.withoutPagingOmitsMissing', async () => {
  // without paging parameters the by-query engine serves /entities: entities without the
  // (first) sort field are left out
  const r = await client.getEntities({
    filter: { kind: 'component' }, order: { field: 'spec.system', order: 'asc' }, fields: ['metadata.name', 'spec.system'],
  });
  expectEqual('systems in order', r.items.map(e => e.spec.system), ['audio', 'audio', 'video']);
  expectEqual('names', names(r).sort(), ['encoder', 'mixer', 'player']);
});

await check('getEntities.fields.unknownPathOmitted', async () => {
  const r = await client.getEntities({
    filter: { kind: 'system', 'metadata.name': 'audio' }, fields: ['metadata.name', 'spec.nothing', 'nothing.at.all'],
  });
  expectEqual('projected', r.items, [{ metadata: { name: 'audio' } }]);
});

await check('getEntities.order.multipleWithLimit', async () => {
  // with paging parameters every order entry is honoured
  const r = await client.getEntities({
    filter: { kind: 'component' }, limit: 10, fields: ['metadata.name'],
    order: [{ field: 'spec.lifecycle', order: 'asc' }, { field: 'metadata.name', order: 'desc' }],
  });
  expectEqual('names', names(r), ['mixer', 'website', 'player', 'encoder']);
});

await check('getEntities.offsetLimit', async () => {
  const r = await client.getEntities({
    filter: { kind: 'component' }, order: { field: 'metadata.name', order: 'asc' },
    offset: 1, limit: 2, fields: ['metadata.name'],
  });
  expectEqual('names', names(r), COMPONENT_NAMES.slice(1, 3));
});

await check('getEntities.limitDefaultOrderIsRef', async () => {
  const r = await client.getEntities({ filter: { kind: 'group' }, limit: 2, fields: ['kind', 'metadata.name'] });
  expectEqual('refs', refs(r), refsWhere(e => e.kind === 'Group').slice(0, 2));
});

await check('getEntities.linkHeaderAndAfter', async () => {
  const request = {
    filter: { kind: 'component' }, order: { field: 'metadata.name', order: 'asc' }, limit: 3, fields: ['metadata.name'],
  };
  const first = await client.getEntities(request);
  expectEqual('first page', names(first), COMPONENT_NAMES.slice(0, 3));
  const link = lastResponse.headers.get('link');
  const m = /<([^>]*)>\s*;\s*rel="?next"?/.exec(link ?? '');
  expectTrue('first page has a Link header with rel="next"', m, link);
  const next = new URL(m[1], 'http://x');
  const after = next.searchParams.get('after');
  expectTrue('Link target has an after cursor', after, m[1]);
  expectTrue('Link target drops offset', !next.searchParams.has('offset'), m[1]);
  const second = await client.getEntities({ ...request, after });
  expectEqual('second page', names(second), COMPONENT_NAMES.slice(3));
  expectEqual('Link header on the last page', lastResponse.headers.get('link'), null);
  return m[1];
});

// ---------------------------------------------------------------------------------------------
// 2. queryEntities (cursor pagination)

const byName = { field: 'metadata.name', order: 'asc' };
let q1, q2;
await check('queryEntities.firstPage', async () => {
  q1 = await client.queryEntities({ filter: { kind: 'component' }, orderFields: byName, limit: 2, fields: ['metadata.name'] });
  expectEqual('items', names(q1), COMPONENT_NAMES.slice(0, 2));
  expectEqual('totalItems', q1.totalItems, 4);
  expectTrue('nextCursor present', typeof q1.pageInfo.nextCursor === 'string', q1.pageInfo);
  expectEqual('prevCursor', q1.pageInfo.prevCursor, undefined);
  expectEqual('projection', q1.items[0], { metadata: { name: COMPONENT_NAMES[0] } });
});
await check('queryEntities.cursorFormat', async () => {
  const c = b64json(q1.pageInfo.nextCursor);
  expectTrue('cursor is base64 of a JSON object', c && typeof c === 'object' && !Array.isArray(c), c);
  // (Backstage itself puts the legacy filter, converted to a predicate, into "query", so the
  // client sends the next page to POST /entities/by-query; either endpoint must take it)
});
await check('queryEntities.nextPage', async () => {
  q2 = await client.queryEntities({ cursor: q1.pageInfo.nextCursor, limit: 2, fields: ['metadata.name'] });
  expectEqual('items', names(q2), COMPONENT_NAMES.slice(2, 4));
  expectEqual('totalItems', q2.totalItems, 4);
  expectEqual('nextCursor', q2.pageInfo.nextCursor, undefined);
  expectTrue('prevCursor present', typeof q2.pageInfo.prevCursor === 'string', q2.pageInfo);
});
await check('queryEntities.prevPage', async () => {
  const r = await client.queryEntities({ cursor: q2.pageInfo.prevCursor, limit: 2, fields: ['metadata.name'] });
  expectEqual('items', names(r), COMPONENT_NAMES.slice(0, 2));
  expectEqual('totalItems', r.totalItems, 4);
  expectTrue('nextCursor present', typeof r.pageInfo.nextCursor === 'string', r.pageInfo);
  expectEqual('prevCursor', r.pageInfo.prevCursor, undefined);
});
await check('queryEntities.walkAllPagesForward', async () => {
  const seen = [];
  let r = await client.queryEntities({ orderFields: byName, limit: 5, fields: ['kind', 'metadata.name'] });
  expectEqual('totalItems', r.totalItems, ALL_REFS.length);
  seen.push(...refs(r));
  let pages = 1;
  while (r.pageInfo.nextCursor && pages < 20) {
    r = await client.queryEntities({ cursor: r.pageInfo.nextCursor, limit: 5, fields: ['kind', 'metadata.name'] });
    seen.push(...refs(r));
    pages++;
  }
  expectEqual('pages', pages, Math.ceil(ALL_REFS.length / 5));
  expectEqual('all refs once', [...seen].sort(), ALL_REFS);
  const ordered = allEntities.map(e => e.metadata.name.toLowerCase());
  expectEqual('ordered by name', seen.map(s => s.split('/')[1]), [...ordered].sort());
  return `${pages} pages`;
});

let p1, p2;
const prodComponents = BASE.filter(e => e.kind === 'Component' && e.spec.lifecycle === 'production')
  .map(e => e.metadata.name).sort().reverse();
await check('queryEntities.predicate.firstPage', async () => {
  p1 = await client.queryEntities({
    query: { kind: 'component', 'spec.lifecycle': { $in: ['production', 'deprecated'] } },
    orderFields: { field: 'metadata.name', order: 'desc' }, limit: 2, fields: ['metadata.name'],
  });
  expectEqual('items', names(p1), prodComponents.slice(0, 2));
  expectEqual('totalItems', p1.totalItems, prodComponents.length);
  expectTrue('nextCursor present', typeof p1.pageInfo.nextCursor === 'string', p1.pageInfo);
  expectEqual('prevCursor', p1.pageInfo.prevCursor, undefined);
});
await check('queryEntities.predicate.cursorHasQuery', async () => {
  // the client sends a cursor to POST /entities/by-query only when it decodes to JSON with "query"
  const c = b64json(p1.pageInfo.nextCursor);
  expectTrue('a cursor of a predicate query is base64 of JSON with a "query" key', c && typeof c === 'object' && 'query' in c, c);
});
await check('queryEntities.predicate.nextPage', async () => {
  p2 = await client.queryEntities({ cursor: p1.pageInfo.nextCursor, limit: 2, fields: ['metadata.name'] });
  expectEqual('items', names(p2), prodComponents.slice(2));
  expectEqual('totalItems', p2.totalItems, prodComponents.length);
  expectEqual('nextCursor', p2.pageInfo.nextCursor, undefined);
  expectTrue('prevCursor present', typeof p2.pageInfo.prevCursor === 'string', p2.pageInfo);
});
await check('queryEntities.predicate.prevPage', async () => {
  const r = await client.queryEntities({ cursor: p2.pageInfo.prevCursor, limit: 2, fields: ['metadata.name'] });
  expectEqual('items', names(r), prodComponents.slice(0, 2));
  expectTrue('nextCursor present', typeof r.pageInfo.nextCursor === 'string', r.pageInfo);
  expectEqual('prevCursor', r.pageInfo.prevCursor, undefined);
});

const predicateCases = [
  ['allNot', { $all: [{ kind: 'component' }, { $not: { 'metadata.tags': 'java' } }] },
    e => e.kind === 'Component' && !(e.metadata.tags ?? []).includes('java')],
  ['anyExists', { $any: [{ kind: 'api' }, { kind: 'group', 'spec.parent': { $exists: true } }] },
    e => e.kind === 'API' || (e.kind === 'Group' && e.spec.parent)],
  ['hasPrefix', { 'metadata.name': { $hasPrefix: 'TEAM-' } }, e => e.metadata.name.startsWith('team-')],
  ['containsTag', { 'metadata.tags': { $contains: 'video' } }, e => (e.metadata.tags ?? []).includes('video')],
  ['containsRelation', { relations: { $contains: { type: 'memberOf', targetRef: 'group:default/team-b' } } },
    e => e.kind === 'User' && e.spec.memberOf.includes('team-b')],
  ['combinedWithFilter', { 'spec.owner': 'team-b' }, e => e.kind === 'Component' && e.spec.owner === 'team-b',
    { kind: 'component' }],
];
for (const [name, query, pred, filter] of predicateCases) {
  await check(`queryEntities.predicate.${name}`, async () => {
    const r = await client.queryEntities({ query, filter, fields: ['kind', 'metadata.name'] });
    const expected = refsWhere(pred);
    expectEqual(`query ${json(query)}`, sortedRefs(r), expected);
    expectEqual('totalItems', r.totalItems, expected.length);
    return expected.join(' ');
  });
}

await check('queryEntities.onlyFirstOrderField', async () => {
  const r = await client.queryEntities({
    filter: { kind: 'user' }, fields: ['metadata.name'],
    orderFields: [{ field: 'metadata.name', order: 'desc' }, { field: 'spec.memberOf', order: 'asc' }],
  });
  expectEqual('names', names(r), ['carol', 'bob', 'alice']);
});
await check('queryEntities.defaults', async () => {
  const r = await client.queryEntities();
  expectEqual('refs', sortedRefs(r), ALL_REFS);
  expectEqual('totalItems', r.totalItems, ALL_REFS.length);
  expectEqual('pageInfo', r.pageInfo, {});
});
await check('queryEntities.totalItemsExclude', async () => {
  const r = await client.queryEntities({ filter: { kind: 'component' }, totalItems: 'exclude' });
  expectEqual('items', names(r).sort(), COMPONENT_NAMES);
  expectEqual('totalItems', r.totalItems, 0);
});
await check('queryEntities.limitZero', async () => {
  const r = await client.queryEntities({ filter: { kind: 'component' }, limit: 0 });
  expectEqual('items', r.items, []);
  expectEqual('totalItems', r.totalItems, 4);
});
await check('queryEntities.offset', async () => {
  const r = await client.queryEntities({ filter: { kind: 'component' }, orderFields: byName, offset: 1, limit: 2, fields: ['metadata.name'] });
  expectEqual('items', names(r), COMPONENT_NAMES.slice(1, 3));
  expectEqual('totalItems', r.totalItems, 4);
});
await check('queryEntities.fullTextFilter', async () => {
  const r = await client.queryEntities({
    fullTextFilter: { term: ' PLAY ', fields: ['metadata.name'] }, orderFields: byName, fields: ['kind', 'metadata.name'],
  });
  expectEqual('refs', refs(r), ['component:default/player', 'api:default/player-api']);
  expectEqual('totalItems', r.totalItems, 2);
});
await check('queryEntities.sortFieldMissingExcluded', async () => {
  const r = await client.queryEntities({
    filter: { kind: 'component' }, orderFields: { field: 'spec.system', order: 'desc' }, fields: ['metadata.name', 'spec.system'],
  });
  // video > audio; website has no spec.system and is left out of items and totalItems
  expectEqual('totalItems', r.totalItems, 3);
  expectEqual('systems in order', r.items.map(e => e.spec.system), ['video', 'audio', 'audio']);
  expectEqual('names', names(r).sort(), ['encoder', 'mixer', 'player']);
});

// ---------------------------------------------------------------------------------------------
// 3. getEntitiesByRefs

await check('getEntitiesByRefs.holesInOrder', async () => {
  const r = await client.getEntitiesByRefs({
    entityRefs: ['component:default/player', 'component:default/nope', 'API:default/Player-API', 'group:default/team-a', 'user:default/nobody'],
    fields: ['kind', 'metadata.name'],
  });
  expectEqual('items', r.items, [
    { kind: 'Component', metadata: { name: 'player' } }, undefined,
    { kind: 'API', metadata: { name: 'player-api' } }, { kind: 'Group', metadata: { name: 'team-a' } }, undefined,
  ]);
});
await check('getEntitiesByRefs.fullEntities', async () => {
  const r = await client.getEntitiesByRefs({ entityRefs: ['user:default/carol', 'system:default/video'] });
  expectEqual('refs', refs(r), ['user:default/carol', 'system:default/video']);
  expectEqual('carol relations', relList(r.items[0]), expRelList('user:default/carol'));
  expectEqual('video relations', relList(r.items[1]), expRelList('system:default/video'));
  expectEqual('uid as in getEntities', r.items[0].metadata.uid, allEntities.find(e => refOf(e) === 'user:default/carol').metadata.uid);
});
await check('getEntitiesByRefs.filter', async () => {
  const r = await client.getEntitiesByRefs({
    entityRefs: ['component:default/player', 'api:default/player-api', 'component:default/nope', 'component:default/mixer'],
    filter: { 'spec.lifecycle': 'production' }, fields: ['metadata.name'],
  });
  expectEqual('names', names(r), ['player', 'player-api', undefined, undefined]);
});
await check('getEntitiesByRefs.query', async () => {
  const r = await client.getEntitiesByRefs({
    entityRefs: ['component:default/player', 'api:default/player-api', 'component:default/mixer'],
    query: { kind: 'component' }, filter: { 'metadata.tags': 'java' }, fields: ['metadata.name'],
  });
  expectEqual('names', names(r), ['player', undefined, 'mixer']);
});
await check('getEntitiesByRefs.many', async () => {
  // more refs than one request holds (the client splits into chunks of 1000)
  const wanted = [];
  for (let i = 0; i < 1200; i++) wanted.push(i % 300 === 7 ? 'group:default/acme' : `component:default/missing-${i}`);
  const r = await client.getEntitiesByRefs({ entityRefs: wanted, fields: ['metadata.name'] });
  expectEqual('length', r.items.length, wanted.length);
  const found = r.items.map((e, i) => (e ? i : -1)).filter(i => i >= 0);
  expectEqual('positions found', found, [7, 307, 607, 907]);
});
await check('getEntitiesByRefs.empty', async () => {
  const r = await client.getEntitiesByRefs({ entityRefs: [] });
  expectEqual('items', r.items, []);
});

// ---------------------------------------------------------------------------------------------
// 4. getEntityByRef / getEntityByName

await check('getEntityByRef.found', async () => {
  const e = await client.getEntityByRef('component:default/player');
  expectEqual('ref', e && refOf(e), 'component:default/player');
  expectEqual('relations', relList(e), expRelList('component:default/player'));
  expectEqual('uid', e.metadata.uid, allEntities.find(x => refOf(x) === 'component:default/player').metadata.uid);
});
await check('getEntityByRef.caseInsensitive', async () => {
  const e = await client.getEntityByRef('Component:Default/PLAYER');
  expectEqual('ref', e && refOf(e), 'component:default/player');
  expectEqual('name as written', e.metadata.name, 'player');
});
await check('getEntityByRef.shortRef', async () => {
  const e = await client.getEntityByRef('group:team-a');
  expectEqual('ref', e && refOf(e), 'group:default/team-a');
  expectEqual('relations', relList(e), expRelList('group:default/team-a'));
});
await check('getEntityByRef.compoundRef', async () => {
  const e = await client.getEntityByRef({ kind: 'API', namespace: 'default', name: 'player-api' });
  expectEqual('ref', e && refOf(e), 'api:default/player-api');
  expectEqual('definition', e.spec.definition, byRef['api:default/player-api'].spec.definition);
});
await check('getEntityByRef.notFound', async () => {
  expectEqual('result', await client.getEntityByRef('component:default/does-not-exist'), undefined);
  expectEqual('result (other namespace)', await client.getEntityByRef('component:elsewhere/player'), undefined);
});
await check('getEntityByName.deprecated', async () => {
  const e = await client.getEntityByName({ kind: 'User', name: 'alice' });
  expectEqual('ref', e && refOf(e), 'user:default/alice');
  expectEqual('missing', await client.getEntityByName({ kind: 'User', namespace: 'default', name: 'zed' }), undefined);
});

// ---------------------------------------------------------------------------------------------
// 5. getEntityAncestors

await check('getEntityAncestors.found', async () => {
  const r = await client.getEntityAncestors({ entityRef: 'component:default/player' });
  expectEqual('rootEntityRef', r.rootEntityRef, 'component:default/player');
  expectEqual('items', r.items.map(i => ({ ref: refOf(i.entity), parents: i.parentEntityRefs })), [
    { ref: 'component:default/player', parents: ['location:default/conformance-root'] },
    { ref: 'location:default/conformance-root', parents: [CONFIG_LOCATION] },
    { ref: CONFIG_LOCATION, parents: [] },
  ]);
  expectEqual('root entity is the full entity', r.items[0].entity.spec, byRef['component:default/player'].spec);
});
await check('getEntityAncestors.lowercasedRoot', async () => {
  const r = await client.getEntityAncestors({ entityRef: 'Group:default/Team-A' });
  expectEqual('rootEntityRef', r.rootEntityRef, 'group:default/team-a');
  expectEqual('length', r.items.length, 3);
});
await check('getEntityAncestors.notFound', async () =>
  expectThrows('unknown entity', () => client.getEntityAncestors({ entityRef: 'component:default/nope' }), 404, 'NotFoundError',
    'No such entity component:default/nope'));

// ---------------------------------------------------------------------------------------------
// 6. getEntityFacets

function expectedFacet(path, pred = () => true) {
  const counts = {};
  const all = [...BASE.filter(pred)];
  const locations = [{ kind: 'Location', metadata: { name: 'x' }, spec: { type: 'file' } }];
  if (pred(locations[0])) all.push(locations[0]);
  for (const e of all) {
    let v = path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), e);
    if (v === undefined || v === null) continue;
    for (const x of [v].flat()) counts[String(x)] = (counts[String(x)] ?? 0) + 1;
  }
  return Object.entries(counts).map(([value, count]) => ({ value, count }))
    .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}
const sortFacet = f => [...(f ?? [])].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
await check('getEntityFacets.kind', async () => {
  const r = await client.getEntityFacets({ facets: ['kind'] });
  expectEqual('facet keys', Object.keys(r.facets), ['kind']);
  expectEqual('kind', sortFacet(r.facets.kind), expectedFacet('kind'));
  return json(r.facets.kind);
});
await check('getEntityFacets.orderedByValue', async () => {
  const r = await client.getEntityFacets({ facets: ['metadata.tags'] });
  expectEqual('metadata.tags in response order', r.facets['metadata.tags'], expectedFacet('metadata.tags'));
});
await check('getEntityFacets.multipleWithFilter', async () => {
  const r = await client.getEntityFacets({ facets: ['spec.type', 'spec.owner'], filter: { kind: 'component' } });
  const isComponent = e => e.kind === 'Component';
  expectEqual('spec.type', sortFacet(r.facets['spec.type']), expectedFacet('spec.type', isComponent));
  expectEqual('spec.owner', sortFacet(r.facets['spec.owner']), expectedFacet('spec.owner', isComponent));
});
await check('getEntityFacets.query', async () => {
  const r = await client.getEntityFacets({
    facets: ['spec.lifecycle'], query: { kind: { $in: ['component', 'api'] } },
  });
  expectEqual('spec.lifecycle', sortFacet(r.facets['spec.lifecycle']),
    expectedFacet('spec.lifecycle', e => e.kind === 'Component' || e.kind === 'API'));
});
await check('getEntityFacets.queryAndFilter', async () => {
  const r = await client.getEntityFacets({
    facets: ['kind'], query: { 'spec.owner': { $in: ['team-a', 'group:team-a'] } }, filter: { kind: 'component' },
  });
  expectEqual('kind', r.facets.kind, [{ value: 'Component', count: 2 }]);
});
await check('getEntityFacets.relations', async () => {
  const r = await client.getEntityFacets({ facets: ['relations.memberOf'] });
  expectEqual('relations.memberOf', sortFacet(r.facets['relations.memberOf']),
    [{ value: 'group:default/team-a', count: 2 }, { value: 'group:default/team-b', count: 2 }]);
});
await check('getEntityFacets.noValues', async () => {
  const r = await client.getEntityFacets({ facets: ['spec.nothing'] });
  expectEqual('facets', r.facets, { 'spec.nothing': [] });
});
await check('getEntityFacets.keyEchoedAsGiven', async () => {
  const r = await client.getEntityFacets({ facets: ['Spec.Lifecycle'], filter: { kind: 'api' } });
  expectEqual('facets', r.facets, { 'Spec.Lifecycle': [{ value: 'production', count: 1 }] });
});

// ---------------------------------------------------------------------------------------------
// 7. streamEntities (read-only, so before the mutations below)

await check('streamEntities.allPages', async () => {
  const pages = [];
  for await (const page of client.streamEntities({ pageSize: 5, fields: ['kind', 'metadata.name'] })) pages.push(page);
  const sizes = pages.map(p => p.length);
  const expectedSizes = [];
  for (let n = ALL_REFS.length; n > 0; n -= 5) expectedSizes.push(Math.min(5, n));
  expectEqual('page sizes', sizes, expectedSizes);
  expectEqual('refs', pages.flat().map(refOf).sort(), ALL_REFS);
  return `page sizes ${sizes.join(',')}`;
});
await check('streamEntities.filterOrderDefaultPageSize', async () => {
  const pages = [];
  for await (const page of client.streamEntities({
    filter: { kind: ['component', 'api'] }, orderFields: { field: 'metadata.name', order: 'desc' }, fields: ['metadata.name'],
  })) pages.push(page);
  expectEqual('pages', pages.map(p => p.map(e => e.metadata.name)),
    [[...COMPONENT_NAMES, 'player-api'].sort().reverse()]);
});
await check('streamEntities.query', async () => {
  const pages = [];
  for await (const page of client.streamEntities({ query: { kind: 'user' }, orderFields: byName, pageSize: 2, fields: ['metadata.name'] })) {
    pages.push(page.map(e => e.metadata.name));
  }
  expectEqual('pages', pages, [['alice', 'bob'], ['carol']]);
});

// ---------------------------------------------------------------------------------------------
// 7b. Errors the client surfaces (standard {error, request, response} body, right status and name)

await check('errors.invalidFilter', async () =>
  expectThrows('filter "=x"', () => client.getEntities({ filter: { '': 'x' } }), 400, 'InputError',
    "Invalid filter, '=x' is not a valid statement (expected a string on the form a=b or a= or a)"));
await check('errors.malformedCursor', async () =>
  expectThrows('cursor of no JSON', () => client.queryEntities({ cursor: Buffer.from('not json').toString('base64') }),
    400, 'InputError', /^Malformed cursor/));
await check('errors.invalidPredicate', async () =>
  expectThrows('query {$foo: 1}', () => client.queryEntities({ query: { $foo: [] } }), 400, 'InputError',
    /^Invalid query/));
await check('errors.facetsMissing', async () =>
  // (Backstage's request validator answers first: "request/query must have required property 'facet'")
  expectThrows('no facets', () => client.getEntityFacets({ facets: [] }), 400, 'InputError'));

// ---------------------------------------------------------------------------------------------
// 8. validateEntity

const validComponent = {
  apiVersion: V1, kind: 'Component',
  metadata: { name: 'validated', tags: ['java'] },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};
await check('validateEntity.valid', async () => {
  expectEqual('result', await client.validateEntity(validComponent, 'url:https://example.com/catalog-info.yaml'), { valid: true });
  expectEqual('not stored', await client.getEntityByRef('component:default/validated'), undefined);
});
const invalidCases = [
  ['missingOwner', { ...validComponent, spec: { type: 'service', lifecycle: 'production' } },
    'Processor BuiltinKindsEntityProcessor threw an error while validating the entity component:default/validated; caused by TypeError: /spec must have required property \'owner\' - missingProperty: owner'],
  ['badName', { ...validComponent, metadata: { name: '-bad-' } },
    'Policy check failed for component:default/-bad-; caused by Error: "metadata.name" is not valid; expected a string that is sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters in total but found "-bad-". To learn more about catalog file format, visit: https://github.com/backstage/backstage/blob/master/docs/architecture-decisions/adr002-default-catalog-file-format.md'],
  ['unknownKind', { ...validComponent, kind: 'Widget' },
    'No processor recognized the entity widget:default/validated as valid, possibly caused by a foreign kind or apiVersion'],
];
for (const [name, entityJson, message] of invalidCases) {
  await check(`validateEntity.invalid.${name}`, async () => {
    const r = await client.validateEntity(entityJson, 'url:https://example.com/catalog-info.yaml');
    expectEqual('valid', r.valid, false);
    expectTrue('errors is a non-empty array', Array.isArray(r.errors) && r.errors.length > 0, r.errors);
    for (const e of r.errors) {
      expectTrue('each error has a name and a message', typeof e.name === 'string' && typeof e.message === 'string', e);
    }
    if (message !== null) expectEqual('message', r.errors.map(e => e.message), [message]);
    return r.errors.map(e => `${e.name}: ${e.message}`).join(' | ');
  });
}

// ---------------------------------------------------------------------------------------------
// 9. Locations: dry run, register, read, update, analyze, remove

await check('getLocations.configLocationsHidden', async () => {
  expectEqual('items', (await client.getLocations()).items, []);
});

await check('addLocation.dryRun', async () => {
  const r = await client.addLocation({ type: 'file', target: REGISTER_FILE, dryRun: true });
  expectEqual('location', r.location, { type: 'file', target: REGISTER_FILE, id: `file:${REGISTER_FILE}`, entityRef: REGISTERED_LOCATION });
  expectEqual('exists', r.exists, false);
  expectEqual('entities', r.entities.map(refOf).sort(), ['api:default/jukebox-api', 'component:default/jukebox', REGISTERED_LOCATION].sort());
  const jukebox = r.entities.find(e => refOf(e) === 'component:default/jukebox');
  expectEqual('processed entity carries its location', jukebox.metadata.annotations['backstage.io/managed-by-location'], `file:${REGISTER_FILE}`);
  expectEqual('nothing registered', (await client.getLocations()).items, []);
  await sleep(1500);
  expectEqual('nothing ingested', await client.getEntityByRef('component:default/jukebox'), undefined);
});

let registered;
await check('addLocation.register', async () => {
  const r = await client.addLocation({ type: 'file', target: REGISTER_FILE });
  registered = r.location;
  expectTrue('location.id is a non-empty string', typeof r.location.id === 'string' && r.location.id.length > 0, r.location);
  expectEqual('location', r.location, { id: r.location.id, type: 'file', target: REGISTER_FILE, entityRef: REGISTERED_LOCATION });
  expectEqual('entities', r.entities, []);
  return r.location;
});
await check('addLocation.duplicate', async () =>
  expectThrows('registering again', () => client.addLocation({ type: 'file', target: REGISTER_FILE }), 409, 'ConflictError',
    `Location file:${REGISTER_FILE} already exists`));
await check('addLocation.dryRunExisting', async () => {
  const r = await client.addLocation({ type: 'file', target: REGISTER_FILE, dryRun: true });
  expectEqual('exists', r.exists, true);
});
await check('addLocation.disallowedType', async () =>
  expectThrows('type "ftp"', () => client.addLocation({ type: 'ftp', target: 'ftp://example.com/x.yaml' }), 400, 'InputError'));

await check('getLocations.afterRegister', async () => {
  expectTrue('registered', registered);
  expectEqual('items', (await client.getLocations()).items, [registered]);
});
await check('getLocationById', async () => {
  expectTrue('registered', registered);
  expectEqual('found', await client.getLocationById(registered.id), registered);
  expectEqual('unknown id', await client.getLocationById(randomUUID()), undefined);
});
await check('getLocationByRef', async () => {
  expectTrue('registered', registered);
  expectEqual('found', await client.getLocationByRef(`file:${REGISTER_FILE}`), registered);
  expectEqual('unknown', await client.getLocationByRef('file:/nowhere.yaml'), undefined);
});
await check('queryLocations', async () => {
  expectTrue('registered', registered);
  const r = await client.queryLocations({ query: { type: 'file' } });
  expectEqual('items', r.items, [registered]);
  expectEqual('totalItems', r.totalItems, 1);
  expectEqual('nextCursor', r.pageInfo?.nextCursor, undefined);
  const none = await client.queryLocations({ query: { type: 'url' } });
  expectEqual('no url locations', [none.items, none.totalItems], [[], 0]);
});
await check('streamLocations', async () => {
  expectTrue('registered', registered);
  const pages = [];
  for await (const page of client.streamLocations()) pages.push(page);
  expectEqual('pages', pages, [[registered]]);
});

await check('addLocation.registeredEntitiesAppear', async () => {
  const e = await poll('component:default/jukebox served', async () => {
    const x = await client.getEntityByRef('component:default/jukebox');
    return { done: x && relList(x).includes('providesApi api:default/jukebox-api'), value: x, detail: json(x?.relations) };
  });
  expectEqual('origin location', e.metadata.annotations['backstage.io/managed-by-origin-location'], `file:${REGISTER_FILE}`);
  const loc = await client.getEntityByRef(REGISTERED_LOCATION);
  expectEqual('Location entity', loc && [loc.spec.type, loc.spec.target], ['file', REGISTER_FILE]);
});
await check('getLocationByEntity', async () => {
  expectTrue('registered', registered);
  expectEqual('registered entity', await client.getLocationByEntity('component:default/jukebox'), registered);
  expectEqual('config-provided entity', await client.getLocationByEntity('component:default/player'), undefined);
  expectEqual('unknown entity', await client.getLocationByEntity('component:default/nope'), undefined);
});
await check('updateLocation', async () => {
  expectTrue('registered', registered);
  const r = await client.updateLocation(registered.id, { type: 'file', target: REGISTER_FILE });
  expectEqual('location', r, registered);
  const unknown = randomUUID();
  return await expectThrows('unknown id', () => client.updateLocation(unknown, { type: 'file', target: '/x.yaml' }),
    404, 'NotFoundError');
});
await check('analyzeLocation', async () => {
  const r = await client.analyzeLocation({
    location: { type: 'url', target: 'https://github.com/acme/widget/blob/main/catalog-info.yaml' },
  });
  expectEqual('existingEntityFiles', r.existingEntityFiles, []);
  expectEqual('generateEntities', r.generateEntities, [{
    entity: {
      apiVersion: V1, kind: 'Component',
      metadata: { name: 'widget', annotations: { 'github.com/project-slug': 'acme/widget' } },
      spec: { type: 'other', lifecycle: 'unknown' },
    },
    fields: [],
  }]);
});

await check('refreshEntity', async () => {
  await client.refreshEntity('component:default/player');
  await client.refreshEntity('Component:default/Player');
  await client.refreshEntity('location:default/conformance-root');
  return await expectThrows('unknown entity', () => client.refreshEntity('component:default/nope'), 404, 'NotFoundError',
    'Entity component:default/nope not found');
});

await check('removeLocationById', async () => {
  expectTrue('registered', registered);
  await client.removeLocationById(registered.id);
  expectEqual('getLocationById', await client.getLocationById(registered.id), undefined);
  expectEqual('getLocations', (await client.getLocations()).items, []);
  await poll('registered entities removed', async () => {
    const r = await client.getEntitiesByRefs({ entityRefs: ['component:default/jukebox', 'api:default/jukebox-api', REGISTERED_LOCATION] });
    return { done: r.items.every(x => x === undefined), detail: json(refs(r)) };
  });
  return await expectThrows('removing again', () => client.removeLocationById(registered.id), 404, 'NotFoundError',
    `Found no location with ID ${registered.id}`);
});

// ---------------------------------------------------------------------------------------------
// 10. removeEntityByUid

await check('removeEntityByUid', async () => {
  const before = await client.getEntityByRef('component:default/website');
  expectTrue('website present', before);
  await client.removeEntityByUid(before.metadata.uid);
  // its location still emits it, so it is processed again and comes back as a new entity
  const after = await poll('website back with a new uid', async () => {
    const e = await client.getEntityByRef('component:default/website');
    return { done: e && e.metadata.uid !== before.metadata.uid, value: e, detail: e?.metadata?.uid };
  });
  expectEqual('relations', relList(after), relList(before));
  await client.removeEntityByUid(randomUUID());
  return `uid ${before.metadata.uid} -> ${after.metadata.uid}`;
});

await check('catalog.unchangedAfterMutations', async () => {
  const r = await client.getEntities({ fields: ['kind', 'metadata.name'] });
  expectEqual('refs', sortedRefs(r), ALL_REFS);
});

console.log(JSON.stringify({ summary: true, failures }));
process.exitCode = failures ? 1 : 0;
