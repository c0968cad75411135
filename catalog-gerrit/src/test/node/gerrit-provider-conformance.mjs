// Backstage's own GerritEntityProvider (catalog-backend-module-gerrit) runs once against a Gerrit
// given as a JSON argument and prints the entities of each provider's full mutation, one JSON
// line, for GerritProviderConformanceTest. harness.mjs is test-support's, installed beside this
// script by NodeConformance.
//
// node gerrit-provider-conformance.mjs '{"integration":{...}, "providers":{...}}'
import { GerritEntityProvider } from '@backstage/plugin-catalog-backend-module-gerrit';
import { ConfigReader } from '@backstage/config';
import { argument, fullMutations, logger, print } from './harness.mjs';

const args = argument();
const config = new ConfigReader({
  integrations: { gerrit: [args.integration] },
  catalog: { providers: { gerrit: args.providers } },
});
const log = logger({ error: message => console.error(message) });
print(await fullMutations(schedule => GerritEntityProvider.fromConfig(config, { logger: log, schedule })));
