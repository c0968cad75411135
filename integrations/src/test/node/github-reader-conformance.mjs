// Backstage's own GithubUrlReader (from @backstage/backend-defaults) reads from a
// GitHub (Enterprise) given as a JSON argument and prints what it got, one JSON line, for
// GithubReaderConformanceTest to compare with Greenroom's reader.
//
// node github-reader-conformance.mjs '{"host":..., "apiBaseUrl":..., "token":..., "file":..., "tree":..., "glob":...}'
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';

const args = JSON.parse(process.argv[2]);
const logger = {
  child() { return logger; },
  info() {}, warn() {}, error() {}, debug() {},
};
const config = new ConfigReader({
  integrations: {
    github: [{ host: args.host, apiBaseUrl: args.apiBaseUrl, token: args.token }],
  },
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
console.log(JSON.stringify(out));
