// Backstage's own BitbucketServerEntityProvider (catalog-backend-module-bitbucket-server) runs once
// against a Bitbucket Server given as a JSON argument and prints the entities of its full
// mutation, one JSON line, for BitbucketServerProviderConformanceTest.
//
// node bitbucket-server-provider-conformance.mjs '{"host":..., "apiBaseUrl":..., "token":..., "provider":{...}}'
import { BitbucketServerEntityProvider } from '@backstage/plugin-catalog-backend-module-bitbucket-server';
import { ConfigReader } from '@backstage/config';

const args = JSON.parse(process.argv[2]);
const logger = {
  child() { return logger; },
  info() {}, warn() {}, debug() {},
  error(message) { console.error(message); },
};
const config = new ConfigReader({
  integrations: {
    bitbucketServer: [{ host: args.host, apiBaseUrl: args.apiBaseUrl, token: args.token }],
  },
  catalog: { providers: { bitbucketServer: args.providers } },
});
let task;
const schedule = { run: async t => { task = t; } };
const out = [];
for (const provider of BitbucketServerEntityProvider.fromConfig(config, { logger, schedule })) {
  let mutation;
  await provider.connect({
    applyMutation: async m => { mutation = m; },
    refresh: async () => {},
  });
  await task.fn();
  if (!mutation) {
    throw new Error(provider.getProviderName() + ' applied no mutation');
  }
  out.push({
    provider: provider.getProviderName(),
    type: mutation.type,
    entities: mutation.entities,
  });
}
console.log(JSON.stringify(out));
