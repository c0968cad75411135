// Backstage's own GitLab URL reader (@backstage/backend-defaults) and GitlabDiscoveryEntityProvider
// (@backstage/plugin-catalog-backend-module-gitlab), pointed at Greenroom's FakeGitlab. Prints one
// JSON object with what they read and emitted, for GitlabConformanceTest to compare with
// Greenroom's reader and provider on the same fake. harness.mjs is test-support's, installed
// beside this script by NodeConformance.
//
// Usage: node gitlab-conformance.mjs '<json: host, apiBaseUrl, baseUrl, token, group, file, tree, glob, missing>'
import { ConfigReader } from '@backstage/config';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import {
  GitlabDiscoveryEntityProvider,
  GitlabOrgDiscoveryEntityProvider,
} from '@backstage/plugin-catalog-backend-module-gitlab';
import { argument, fullMutations, logger, print, readerAnswers } from './harness.mjs';

const input = argument();
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
const log = logger({ error: (message, e) => { errors.push(String(message) + (e ? ' ' + e : '')); } });

const out = { errors, ...await readerAnswers(UrlReaders.default({ config, logger: log }), input) };

// the entities of a full mutation as {locationKey, entity}, sorted by `key` of the entity
const located = (mutation, key) => mutation.entities
  .map(e => ({ locationKey: e.locationKey, entity: e.entity }))
  .sort((a, b) => key(a.entity).localeCompare(key(b.entity)));
const [discovery, searching] = await fullMutations(
  schedule => GitlabDiscoveryEntityProvider.fromConfig(config, { logger: log, schedule }));
out.provider = discovery.provider;
out.discovery = located(discovery, e => e.metadata.name);
out.searchProvider = searching.provider;
out.searchDiscovery = located(searching, e => e.metadata.name);

const [org] = await fullMutations(
  schedule => GitlabOrgDiscoveryEntityProvider.fromConfig(config, { logger: log, schedule }));
out.orgProvider = org.provider;
out.org = located(org, e => `${e.kind}:${e.metadata.name}`);

print(out);
