// Renders every template of cases.json with nunjitsu as Backstage 1.56's scaffolder configures it
// (createTemplateRenderer({ allowRegexExecution: true }), text rendering) and writes expected.json.
// Run once, by hand, where Node 22 and nunjitsu 0.7.0 are installed:
//   npm install nunjitsu@0.7.0 && node generate.mjs
// The Java test (NunjitsuConformanceTest) reads the committed expected.json and never needs Node.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createTemplateRenderer } from 'nunjitsu';

const here = new URL('.', import.meta.url);
const { context, templates } = JSON.parse(readFileSync(new URL('cases.json', here), 'utf8'));
const version = createRequire(import.meta.url)('nunjitsu/package.json').version;
const renderer = createTemplateRenderer({ allowRegexExecution: true });
const results = templates.map((template) => {
  try {
    return { template, output: renderer.render(template, context) };
  } catch (err) {
    // "Template error at line 1, column 9: <message>": the position is nunjitsu's own; keep the message
    return { template, error: String(err.message).replace(/^Template error at line \d+, column \d+: /, '') };
  }
});
writeFileSync(new URL('expected.json', here),
  JSON.stringify({ engine: `nunjitsu ${version}`, node: process.version, results }, null, 2) + '\n');
console.log(`${results.length} templates, ${results.filter((r) => 'error' in r).length} errors`);
