// Backstage's own BitbucketServerEntityProvider (catalog-backend-module-bitbucket-server) runs once
// against a Bitbucket Server given as a JSON argument and prints the entities of its full
// mutation, one JSON line, for BitbucketServerProviderConformanceTest. harness.mjs is
// test-support's, installed beside this script by NodeConformance.
//
// node bitbucket-server-provider-conformance.mjs '{"host":..., "apiBaseUrl":..., "token":..., "providers":{...}}'
import { BitbucketServerEntityProvider } from '@backstage/plugin-catalog-backend-module-bitbucket-server';
import { ConfigReader } from '@backstage/config';
import { argument, fullMutations, logger, print } from './harness.mjs';

const args = argument();
const config = new ConfigReader({
  integrations: {
    bitbucketServer: [{ host: args.host, apiBaseUrl: args.apiBaseUrl, token: args.token }],
  },
  catalog: { providers: { bitbucketServer: args.providers } },
});
const log = logger({ error: message => console.error(message) });
print(await fullMutations(schedule => BitbucketServerEntityProvider.fromConfig(config, { logger: log, schedule })));
