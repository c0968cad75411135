// Backstage's own BitbucketCloudUrlReader (from @backstage/backend-defaults) reads from a local
// Bitbucket Cloud fake and prints what it got, one JSON line, for BitbucketCloudConformanceTest.
// Bitbucket Cloud's hosts are fixed in Backstage (bitbucket.org, api.bitbucket.org), so the
// reader's requests are sent to the fake by rewriting those origins in the global fetch it uses.
//
// node bitbucket-cloud-conformance.mjs '{"fake":..., "username":..., "token":..., "file":..., "tree":..., "glob":..., "missing":...}'
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';

const args = JSON.parse(process.argv[2]);
const realFetch = globalThis.fetch;
const seen = [];
globalThis.fetch = (input, init) => {
  let url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
  url = url.replace(/^https:\/\/api\.bitbucket\.org\/2\.0/, args.fake + '/2.0')
    .replace(/^https:\/\/bitbucket\.org/, args.fake);
  if (!url.startsWith(args.fake)) {
    throw new Error('refusing to leave the machine: ' + url);
  }
  seen.push(url.substring(args.fake.length));
  return realFetch(url, init);
};
const logger = {
  child() { return logger; },
  info() {}, warn() {}, error() {}, debug() {},
};
const config = new ConfigReader({
  integrations: { bitbucketCloud: [{ username: args.username, token: args.token }] },
});
const reader = UrlReaders.default({ config, logger });
const text = b => Buffer.from(b).toString('utf8');
const out = {};

const file = await reader.readUrl(args.file);
out.file = { content: text(await file.buffer()), etag: file.etag ?? null };
try {
  await reader.readUrl(args.file, { etag: file.etag });
  out.fileNotModified = 'read again';
} catch (e) {
  out.fileNotModified = e.name;
}

const tree = await reader.readTree(args.tree);
const treeFiles = await tree.files();
out.tree = {
  etag: tree.etag,
  files: (await Promise.all(treeFiles.map(async f => ({ path: f.path, content: text(await f.content()) }))))
    .sort((a, b) => a.path.localeCompare(b.path)),
};
try {
  await reader.readTree(args.tree, { etag: tree.etag });
  out.treeNotModified = 'read again';
} catch (e) {
  out.treeNotModified = e.name;
}

const found = await reader.search(args.glob);
out.search = {
  etag: found.etag,
  files: (await Promise.all(found.files.map(async f => ({ url: f.url, content: text(await f.content()) }))))
    .sort((a, b) => a.url.localeCompare(b.url)),
};

try {
  await reader.readUrl(args.missing);
  out.missing = 'found';
} catch (e) {
  out.missing = e.name;
}
out.requests = seen;
console.log(JSON.stringify(out));
