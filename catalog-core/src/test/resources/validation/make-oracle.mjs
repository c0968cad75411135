// Regenerates backstage-oracle.jsonl: Backstage's own answers for a deterministic sample of
// names, namespaces, tags, label keys, api versions, kinds, urls and entity refs.
// Usage: node make-oracle.mjs /path/to/node_modules/@backstage/catalog-model > backstage-oracle.jsonl
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const cm = require(process.argv[2] ?? '/tmp/bs/node_modules/@backstage/catalog-model');
const v = cm.makeValidator();
const { CommonValidatorFunctions: C } = cm;

let seed = 42;
function rnd(n) { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0; return seed % n; }
const alphabet = 'abcAB09-_.:/+#~ xZ';
function randStr(maxLen) {
  const len = rnd(maxLen + 1);
  let s = '';
  for (let i = 0; i < len; i++) s += alphabet[rnd(alphabet.length)];
  return s;
}
const fixed = ['a', 'a--b', '-a', 'a-', 'A', 'Default', 'default', 'java:17', 'c++', 'c#', 'a-b-c',
  'a--b--c', '1.0', 'v1', 'backstage.io/v1alpha1', 'my-company.net/v1', 'a/b/c', '/a', 'a/', '',
  'x'.repeat(63), 'x'.repeat(64), 'a.b', 'a_b', 'a..b', '.a', 'a.', 'Component', 'component',
  'comp-onent', '9abc', 'backstage.io/managed-by-location', 'Backstage.io/x', 'a.b.c/d-e',
  'https://example.com', 'http://', 'mailto:x@y', 'not a url', 'https://exa mple.com', 'ftp://h:99999',
  'component:default/foo', 'component:foo', 'default/foo', 'foo', 'a:b:c', 'a:b/c/d', 'ns/n:x', ':a',
  'a:', 'a/', '/a', 'a:/b', 'Component:Default/Foo', 'k:n/' + 'x'.repeat(63)];
const samples = new Set(fixed);
while (samples.size < 2000) {
  const kind = rnd(6);
  if (kind === 0) samples.add('x'.repeat(60 + rnd(6)));
  else if (kind === 1) samples.add(randStr(8) + ':' + randStr(8) + '/' + randStr(8));
  else if (kind === 2) samples.add(randStr(12).toLowerCase());
  else if (kind === 3) samples.add('https://' + randStr(10));
  else samples.add(randStr(16));
}
function ref(s) {
  const out = {};
  for (const [key, ctx] of [['ref', undefined], ['refDefaults', { defaultKind: 'Group', defaultNamespace: 'ns1' }]]) {
    try {
      const r = cm.parseEntityRef(s, ctx);
      out[key] = { kind: r.kind, namespace: r.namespace, name: r.name, string: cm.stringifyEntityRef(r) };
    } catch (e) { out[key] = { error: `${e.name}: ${e.message}` }; }
  }
  return out;
}
for (const s of samples) {
  const line = {
    input: s,
    entityName: v.isValidEntityName(s), namespace: v.isValidNamespace(s), tag: v.isValidTag(s),
    labelKey: v.isValidLabelKey(s), labelValue: v.isValidLabelValue(s),
    annotationKey: v.isValidAnnotationKey(s), apiVersion: v.isValidApiVersion(s), kind: v.isValidKind(s),
    url: C.isValidUrl(s), nonEmpty: C.isNonEmptyString ? C.isNonEmptyString(s) : C.isValidString(s),
    ...ref(s),
  };
  console.log(JSON.stringify(line));
}
