// Backstage's own BitbucketCloudUrlReader (from @backstage/backend-defaults) reads from a local
// Bitbucket Cloud fake and prints what it got, one JSON line, for BitbucketCloudConformanceTest.
// Bitbucket Cloud's hosts are fixed in Backstage (bitbucket.org, api.bitbucket.org), so the
// reader's requests are sent to the fake by rewriting those origins in the global fetch it uses.
// harness.mjs is test-support's, installed beside this script by NodeConformance.
//
// node bitbucket-cloud-conformance.mjs '{"fake":..., "username":..., "token":..., "file":..., "tree":..., "glob":..., "missing":...}'
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { argument, logger, print, readerAnswers } from './harness.mjs';

const args = argument();
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
const config = new ConfigReader({
  integrations: { bitbucketCloud: [{ username: args.username, token: args.token }] },
});
const out = await readerAnswers(UrlReaders.default({ config, logger: logger() }), args);
out.requests = seen;
print(out);
