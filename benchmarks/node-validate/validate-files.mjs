#!/usr/bin/env node
// Usage: node validate-files.mjs PEER_DIR DIR [ROUNDS=5]
//
// Times Backstage's own validation of every .yaml/.yml file under DIR, in one Node process:
// for each file, the steps of the peer's lib/pipeline.mjs (Backstage 1.56's published packages:
// parseEntityYaml, the envelope, BuiltinKindsEntityProcessor.preProcessEntity, the four default
// entity policies, entitySchemaValidator and validateEntityKind), exactly what the peer's
// validate.mjs runs per document, without printing. PEER_DIR is a copy of
// ../shared/backstage-peer with `npm ci` done (its node_modules provide the packages).
// Round 1 is cold (module loading, schema compilation, JIT); the best later round is warm.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [peerDir, dir, roundsArg = '5'] = process.argv.slice(2);
if (!peerDir || !dir) {
  console.error('usage: node validate-files.mjs PEER_DIR DIR [ROUNDS]');
  process.exit(2);
}
const t0 = process.hrtime.bigint();
const { readEntities, processEntity } = await import(
  pathToFileURL(resolve(peerDir, 'lib/pipeline.mjs')).href);
const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;

function walk(d, out) {
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (p.endsWith('.yaml') || p.endsWith('.yml')) out.push(p);
  }
  return out;
}
const files = walk(dir, []).sort();

const times = [];
let documents = 0;
let invalid = 0;
for (let r = 0; r < Number(roundsArg); r++) {
  documents = 0;
  invalid = 0;
  const start = process.hrtime.bigint();
  for (const file of files) {
    for (const item of readEntities(file)) {
      documents++;
      let valid = item.valid;
      if (item.entity) {
        try {
          await processEntity(item.entity);
          valid = true;
        } catch {
          valid = false;
        }
      }
      if (!valid) invalid++;
    }
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  times.push(ms);
  console.log(`round ${r + 1}: ${ms.toFixed(0)} ms (${files.length} files, ${documents} documents, ${invalid} invalid)`);
}
const warm = times.length > 1 ? Math.min(...times.slice(1)) : times[0];
console.log(`modules loaded in ${loadMs.toFixed(0)} ms; cold ${times[0].toFixed(0)} ms, warm best ${warm.toFixed(0)} ms = ${(files.length / (warm / 1000)).toFixed(0)} files/s`);
