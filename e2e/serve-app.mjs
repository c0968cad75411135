// Serves a built Backstage app (packages/app/dist) on its own origin, as a static host or CDN
// would: files as they are, index.html for every other path (the app routes in the browser).
// The backend's address is given to the app the way Backstage's app-backend does it: an extra
// `backstage.io/config` script tag in index.html (the app reads every such tag, later ones win).
// It also serves the suite's fixtures under /fixtures/ (a catalog file the import page registers).
//
// usage: node serve-app.mjs <dist> <fixtures> <port> <app-config-json>
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const [dist, fixtures, portArg, configJson] = process.argv.slice(2);
if (!dist || !fixtures || !portArg || !configJson) {
  console.error('usage: node serve-app.mjs <dist> <fixtures> <port> <app-config-json>');
  process.exit(2);
}
const extraConfig = JSON.parse(configJson);
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.css': 'text/css', '.json': 'application/json', '.map': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff': 'font/woff',
  '.woff2': 'font/woff2', '.ttf': 'font/ttf', '.txt': 'text/plain', '.yaml': 'text/yaml',
  '.webmanifest': 'application/manifest+json',
};

function indexHtml() {
  const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
  if (!html.includes('backstage.io/config')) {
    throw new Error(`${dist}/index.html has no backstage.io/config script tag: not a built Backstage app`);
  }
  const tag = `<script type="backstage.io/config">${JSON.stringify([
    { context: 'greenroom-e2e', data: extraConfig },
  ]).replace(/</g, '\\u003c')}</script>`;
  return html.replace('</head>', `${tag}</head>`);
}
const index = indexHtml();

function inside(root, rel) {
  const file = path.resolve(root, '.' + path.posix.normalize('/' + rel));
  return file.startsWith(path.resolve(root) + path.sep) ? file : null;
}

http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const pathname = decodeURIComponent(url.pathname);
  let file = null;
  if (pathname.startsWith('/fixtures/')) {
    file = inside(fixtures, pathname.slice('/fixtures/'.length));
  } else if (pathname !== '/' && pathname !== '/index.html') {
    file = inside(dist, pathname.slice(1));
  }
  if (file && fs.existsSync(file) && fs.statSync(file).isFile()) {
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
    return;
  }
  if (pathname.startsWith('/fixtures/') || pathname.startsWith('/static/')) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`not found: ${pathname}\n`);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(index);
}).listen(Number(portArg), '127.0.0.1', () => {
  console.log(`app on http://localhost:${portArg} (from ${dist})`);
});
