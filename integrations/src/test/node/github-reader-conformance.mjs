// Backstage's own GithubUrlReader (from @backstage/backend-defaults) reads from a
// GitHub (Enterprise) given as a JSON argument and prints what it got, one JSON line, for
// GithubReaderConformanceTest to compare with Greenroom's reader. harness.mjs is test-support's,
// installed beside this script by NodeConformance.
//
// node github-reader-conformance.mjs '{"host":..., "apiBaseUrl":..., "token":..., "file":..., "tree":..., "glob":..., "missing":...}'
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { argument, logger, print, readerAnswers } from './harness.mjs';

const args = argument();
const config = new ConfigReader({
  integrations: {
    github: [{ host: args.host, apiBaseUrl: args.apiBaseUrl, token: args.token }],
  },
});
print(await readerAnswers(UrlReaders.default({ config, logger: logger() }), args));
