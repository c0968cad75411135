// Backstage's own GerritEntityProvider (catalog-backend-module-gerrit) runs once against a Gerrit
// given as a JSON argument and prints the entities of each provider's full mutation, one JSON
// line, for GerritProviderConformanceTest.
//
// node gerrit-provider-conformance.mjs '{"integration":{...}, "providers":{...}}'
import { GerritEntityProvider } from '@backstage/plugin-catalog-backend-module-gerrit';
import { ConfigReader } from '@backstage/config';

const args = JSON.parse(process.argv[2]);
const logger = {
  child() { return logger; },
  info() {}, warn() {}, debug() {},
  error(message) { console.error(message); },
};
const config = new ConfigReader({
  integrations: { gerrit: [args.integration] },
  catalog: { providers: { gerrit: args.providers } },
});
let task;
const schedule = { run: async t => { task = t; } };
const out = [];
for (const provider of GerritEntityProvider.fromConfig(config, { logger, schedule })) {
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
