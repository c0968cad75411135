// The harness the conformance scripts share: Backstage's own readers and entity providers (each
// module pins them in its src/test/node/package-lock.json) are run against Greenroom's fakes, and
// what they read or emit is printed as one JSON line for a Java test to compare with Greenroom's.
//
// NodeConformance.install writes this file beside the module's script as harness.mjs, so a script
// imports it as './harness.mjs' and runs from the folder NodeConformance installs (a module's
// target/node-conformance). It imports no package: each script builds Backstage's reader or
// providers from its own packages and hands them here.

/** The script's one argument, JSON. */
export function argument() {
  return JSON.parse(process.argv[2]);
}

/** Backstage's LoggerService, silent unless given what to do with warnings and errors. */
export function logger({ warn = () => {}, error = () => {} } = {}) {
  const it = { child() { return it; }, debug() {}, info() {}, warn, error };
  return it;
}

/** Prints one JSON line, the script's answer. */
export function print(answer) {
  console.log(JSON.stringify(answer));
}

const text = bytes => Buffer.from(bytes).toString('utf8');

/** The error's name when `read` fails, else `otherwise`. */
async function failure(read, otherwise) {
  try {
    await read();
    return otherwise;
  } catch (e) {
    return e.name;
  }
}

/**
 * What a UrlReaderService reads at `urls`: {file, fileNotModified, tree, treeNotModified,
 * search, missing}. The file and the tree are read again with their ETags (the error's name, e.g.
 * NotModifiedError, or 'read again'); tree files are sorted by path, search files by URL;
 * `missing` (when `urls.missing` is given) is the error's name or 'found'.
 */
export async function readerAnswers(reader, urls) {
  const out = {};
  const file = await reader.readUrl(urls.file);
  out.file = { content: text(await file.buffer()), etag: file.etag ?? null };
  out.fileNotModified = await failure(() => reader.readUrl(urls.file, { etag: file.etag }), 'read again');

  const tree = await reader.readTree(urls.tree);
  const treeFiles = await tree.files();
  out.tree = {
    etag: tree.etag,
    files: (await Promise.all(treeFiles.map(async f => ({ path: f.path, content: text(await f.content()) }))))
      .sort((a, b) => a.path.localeCompare(b.path)),
  };
  out.treeNotModified = await failure(() => reader.readTree(urls.tree, { etag: tree.etag }), 'read again');

  const found = await reader.search(urls.glob);
  out.search = {
    etag: found.etag,
    files: (await Promise.all(found.files.map(async f => ({ url: f.url, content: text(await f.content()) }))))
      .sort((a, b) => a.url.localeCompare(b.url)),
  };

  if (urls.missing !== undefined) {
    out.missing = await failure(() => reader.readUrl(urls.missing), 'found');
  }
  return out;
}

/**
 * Connects each entity provider that `providersFor(schedule)` makes, runs its scheduled task
 * once and answers [{provider, type, entities}], the full mutation each applied; a provider that
 * applies none is an error.
 */
export async function fullMutations(providersFor) {
  let task;
  const schedule = { run: async t => { task = t; } };
  const out = [];
  for (const provider of providersFor(schedule)) {
    let mutation;
    task = undefined;
    await provider.connect({
      applyMutation: async m => { mutation = m; },
      refresh: async () => {},
    });
    if (!task) {
      throw new Error(provider.getProviderName() + ' scheduled no task');
    }
    await task.fn();
    if (!mutation) {
      throw new Error(provider.getProviderName() + ' applied no mutation');
    }
    out.push({ provider: provider.getProviderName(), type: mutation.type, entities: mutation.entities });
  }
  return out;
}
