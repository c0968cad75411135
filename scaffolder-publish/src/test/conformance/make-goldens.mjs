// Makes the golden dry runs of resources/conformance/public with the real Backstage scaffolder.
// Usage (see make-goldens.sh, which starts and stops the peer):
//   node make-goldens.mjs BASEURL PEER_DIR RESOURCES_DIR [NAME...]
// For each NAME.values.json (all of them when no NAME is given) it sends the template of folder
// NAME (the part before "--": one folder may have several value sets) to
// POST BASEURL/api/scaffolder/v2/dry-run as Backstage's template editor does:
// {template, values, secrets: {}, directoryContents: every file of the folder, base64}, and writes
// NAME.dry-run.json: {status, files, binaryFiles, executables, output, steps, log} for a 200
// answer, {status, error: {name, message}} otherwise. Paths of the peer's temporary folders in
// log lines are replaced by <TMP>.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [baseUrl, peerDir, resources, ...only] = process.argv.slice(2);
if (!baseUrl || !peerDir || !resources) {
  console.error('usage: node make-goldens.mjs BASEURL PEER_DIR RESOURCES_DIR [NAME...]');
  process.exit(2);
}
const YAML = createRequire(path.resolve(peerDir, 'package.json'))('yaml');

function listFiles(dir, prefix = '') {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(path.join(dir, e.name), rel));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

function normalise(text) {
  return text.replace(/\/tmp\/[^\s'"]*/g, '<TMP>');
}

const names = only.length ? only : fs.readdirSync(resources)
  .filter(f => f.endsWith('.values.json')).map(f => f.slice(0, -'.values.json'.length)).sort();
let failed = 0;
for (const name of names) {
  const folder = path.join(resources, name.split('--')[0]);
  const template = YAML.parse(fs.readFileSync(path.join(folder, 'template.yaml'), 'utf8'));
  const values = JSON.parse(fs.readFileSync(path.join(resources, `${name}.values.json`), 'utf8'));
  const directoryContents = listFiles(folder).map(p => ({
    path: p,
    base64Content: fs.readFileSync(path.join(folder, p)).toString('base64'),
  }));
  const res = await fetch(`${baseUrl}/api/scaffolder/v2/dry-run`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ template, values, secrets: {}, directoryContents }),
  });
  const body = await res.json();
  let golden;
  if (res.status === 200) {
    const files = {};
    const binaryFiles = {};
    const executables = [];
    for (const f of [...body.directoryContents].sort((a, b) => a.path < b.path ? -1 : 1)) {
      const bytes = Buffer.from(f.base64Content, 'base64');
      const text = bytes.toString('utf8');
      if (Buffer.from(text, 'utf8').equals(bytes)) files[f.path] = text;
      else binaryFiles[f.path] = f.base64Content;
      if (f.executable) executables.push(f.path);
    }
    golden = {
      status: 200,
      files,
      binaryFiles,
      executables,
      output: body.output,
      steps: body.steps.map(s => s.id),
      log: body.log.map(l => {
        const e = {};
        if (l.body.stepId !== undefined) e.stepId = l.body.stepId;
        if (l.body.status !== undefined) e.status = l.body.status;
        e.message = normalise(String(l.body.message));
        return e;
      }),
    };
  } else {
    failed++;
    golden = { status: res.status, error: { name: body.error?.name, message: normalise(String(body.error?.message)) } };
  }
  fs.writeFileSync(path.join(resources, `${name}.dry-run.json`), JSON.stringify(golden, null, 1) + '\n');
  console.log(`${name}: ${res.status}${res.status === 200 ? ` ${Object.keys(golden.files).length + Object.keys(golden.binaryFiles).length} files` : ` ${golden.error.name}: ${golden.error.message}`}`);
}
console.log(`${names.length} templates, ${names.length - failed} dry-run by Backstage`);
