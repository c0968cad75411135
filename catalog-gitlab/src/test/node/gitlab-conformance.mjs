// Backstage's own GitLab URL reader (@backstage/backend-defaults) and GitlabDiscoveryEntityProvider
// (@backstage/plugin-catalog-backend-module-gitlab), pointed at Greenroom's FakeGitlab. Prints one
// JSON object with what they read and emitted, for GitlabConformanceTest to compare with
// Greenroom's reader and provider on the same fake.
//
// Usage: node gitlab-conformance.mjs '<json: host, apiBaseUrl, baseUrl, token, group, file, tree, glob>'
import { ConfigReader } from '@backstage/config';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  GitlabDiscoveryEntityProvider,
  GitlabOrgDiscoveryEntityProvider,
} from '@backstage/plugin-catalog-backend-module-gitlab';

const input = JSON.parse(process.argv[2]);
const config = new ConfigReader({
  integrations: {
    gitlab: [{ host: input.host, apiBaseUrl: input.apiBaseUrl, baseUrl: input.baseUrl, token: input.token }],
  },
  catalog: {
    providers: {
      gitlab: {
        main: {
          host: input.host,
          group: input.group,
          orgEnabled: true,
          schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
        },
        search: {
          host: input.host,
          group: input.group,
          useSearch: true,
          includeArchivedRepos: true,
          schedule: { frequency: { minutes: 30 }, timeout: { minutes: 3 } },
        },
      },
    },
  },
});
const errors = [];
const logger = {
  child() { return logger; },
  debug() {}, info() {}, warn() {},
  error(message, e) { errors.push(String(message) + (e ? ' ' + e : '')); },
};

const out = { errors };
const reader = UrlReaders.default({ config, logger });

const file = await reader.readUrl(input.file);
out.file = { content: (await file.buffer()).toString('utf8'), etag: file.etag ?? null };
try {
  await reader.readUrl(input.file, { etag: file.etag });
  out.file.notModified = false;
} catch (e) {
  out.file.notModified = e.name === 'NotModifiedError';
}

const tree = await reader.readTree(input.tree);
const treeFiles = await tree.files();
out.tree = {
  etag: tree.etag,
  files: Object.fromEntries(await Promise.all(treeFiles.map(async f => [f.path, (await f.content()).toString('utf8')]))),
};

const search = await reader.search(input.glob);
out.search = {
  etag: search.etag,
  files: Object.fromEntries(await Promise.all(search.files.map(async f => [f.url, (await f.content()).toString('utf8')]))),
};

const schedule = { run: async ({ fn }) => { await fn(); } };
const discovered = async provider => {
  let mutation;
  await provider.connect({
    applyMutation: async m => { mutation = m; },
    refresh: async () => {},
  });
  return (mutation?.entities ?? [])
    .map(e => ({ locationKey: e.locationKey, entity: e.entity }))
    .sort((a, b) => a.entity.metadata.name.localeCompare(b.entity.metadata.name));
};
const [provider, searching] = GitlabDiscoveryEntityProvider.fromConfig(config, { logger, schedule });
out.provider = provider.getProviderName();
out.discovery = await discovered(provider);
out.searchProvider = searching.getProviderName();
out.searchDiscovery = await discovered(searching);

const [org] = GitlabOrgDiscoveryEntityProvider.fromConfig(config, { logger, schedule });
let orgMutation;
await org.connect({
  applyMutation: async m => { orgMutation = m; },
  refresh: async () => {},
});
out.orgProvider = org.getProviderName();
out.org = (orgMutation?.entities ?? [])
  .map(e => ({ locationKey: e.locationKey, entity: e.entity }))
  .sort((a, b) => `${a.entity.kind}:${a.entity.metadata.name}`.localeCompare(`${b.entity.kind}:${b.entity.metadata.name}`));

console.log(JSON.stringify(out));
