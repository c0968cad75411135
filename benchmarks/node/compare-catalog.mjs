#!/usr/bin/env node
// Usage (in a folder whose node_modules has `yaml`, e.g. a copy of ../shared/backstage-peer):
//   node compare-catalog.mjs DIR_A DIR_B
// Parses every *.yaml file of both folders and compares them document by document (as parsed
// data, so quoting and key styles do not matter). Used to check that IngestBenchmark writes
// exactly the catalog that `gen-catalog.mjs N DIR 42` writes. Exits 1 on any difference.
import { readFileSync, readdirSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { parseAllDocuments } from 'yaml';

const [a, b] = process.argv.slice(2);
const list = dir => readdirSync(dir).filter(f => f.endsWith('.yaml')).sort();
const fa = list(a);
const fb = list(b);
let bad = !isDeepStrictEqual(fa, fb);
console.log(`files: ${fa.length} vs ${fb.length}${bad ? ' (names differ)' : ''}`);
let docs = 0;
let diff = 0;
for (const f of fa.filter(x => fb.includes(x))) {
  const read = dir => parseAllDocuments(readFileSync(`${dir}/${f}`, 'utf8')).map(d => d.toJSON());
  const da = read(a);
  const db = read(b);
  if (da.length !== db.length) bad = true;
  for (let i = 0; i < Math.min(da.length, db.length); i++) {
    docs++;
    if (!isDeepStrictEqual(da[i], db[i])) {
      if (diff++ < 3) console.log(`${f} #${i}:\n  ${JSON.stringify(da[i])}\n  ${JSON.stringify(db[i])}`);
    }
  }
  console.log(`${f}: ${da.length} vs ${db.length} documents`);
}
console.log(JSON.stringify({ documents: docs, different: diff }));
process.exit(bad || diff ? 1 : 0);
