#!/usr/bin/env node
// Backstage's own validators timed on the peer's synthetic catalog, for comparison with
// ValidationBenchmark (see ../README.md, "Validation"). Not used by any test.
//
// Usage: copy this file next to a node_modules with @backstage/catalog-model and yaml (ESM
// resolves packages from the script's folder), then
//   node gen-catalog.mjs 10000 /tmp/c10k 42          # the Backstage peer's generator
//   node validate-bench.mjs /tmp/c10k [seconds=10]
//
// Per entity, as the catalog backend does for an entity read from a file: the envelope schema,
// the default policy chain (SchemaValid, DefaultNamespace, NoForeignRootFields, FieldFormat),
// then the built-in kind validators until one accepts. Prints entities/second for validation
// only (entities parsed beforehand) and for read YAML + validate.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  DefaultNamespaceEntityPolicy, EntityPolicies, FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy, SchemaValidEntityPolicy, makeValidator,
  entityEnvelopeSchemaValidator, apiEntityV1alpha1Validator, componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator, groupEntityV1alpha1Validator, locationEntityV1alpha1Validator,
  userEntityV1alpha1Validator, systemEntityV1alpha1Validator, domainEntityV1alpha1Validator,
} from '@backstage/catalog-model';

const [dir = '/tmp/c10k', seconds = '10'] = process.argv.slice(2);
const envelope = entityEnvelopeSchemaValidator();
const policy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(makeValidator()),
]);
// BuiltinKindsEntityProcessor's list and order.
const kinds = [apiEntityV1alpha1Validator, componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator, groupEntityV1alpha1Validator, locationEntityV1alpha1Validator,
  userEntityV1alpha1Validator, systemEntityV1alpha1Validator, domainEntityV1alpha1Validator];

async function validate(input) {
  envelope(input);
  const entity = await policy.enforce(input);
  for (const k of kinds) {
    if (await k.check(entity)) return entity;
  }
  throw new Error(`no kind validator accepted ${entity.kind}`);
}

const files = readdirSync(dir).filter(f => f.endsWith('.yaml') && f !== 'location.yaml')
  .map(f => join(dir, f));
const texts = files.map(f => readFileSync(f, 'utf8'));
const read = text => parseAllDocuments(text).map(d => d.toJS()).filter(e => e);
const entities = texts.flatMap(read);

async function timed(label, pass) {
  let n = 0;
  for (const end = Date.now() + 2000; Date.now() < end;) n += await pass(); // warm-up
  n = 0;
  const start = process.hrtime.bigint();
  const end = Date.now() + Number(seconds) * 1000;
  while (Date.now() < end) n += await pass();
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(`${label}: ${Math.round(n / secs)} entities/s (${n} in ${secs.toFixed(1)} s)`);
}

await timed('validate', async () => {
  for (const e of entities) await validate(structuredClone(e));
  return entities.length;
});
await timed('read YAML + validate', async () => {
  let n = 0;
  for (const t of texts) {
    for (const e of read(t)) { await validate(e); n++; }
  }
  return n;
});
