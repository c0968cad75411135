// Runs Backstage's own LdapOrgEntityProvider (from npm) once with the app-config given as JSON in
// argv[2] and prints what it applies to the catalog: [{locationKey, entity}], as JSON.
// Used by LdapBackstageConformanceTest.
import { ConfigReader } from '@backstage/config';
import { LdapOrgEntityProvider } from '@backstage/plugin-catalog-backend-module-ldap';

const appConfig = JSON.parse(process.argv[2]);
const quiet = { info() {}, warn() {}, error() {}, debug() {}, child() { return quiet; } };
const [provider] = LdapOrgEntityProvider.fromConfig(new ConfigReader(appConfig), {
  logger: quiet,
  schedule: 'manual',
});
let applied;
await provider.connect({
  applyMutation: async mutation => { applied = mutation; },
  refresh: async () => {},
});
try {
  await provider.read();
} catch (e) {
  process.stderr.write(String(e && e.stack || e));
  process.exit(1);
}
// the provider leaves its LDAP connection open, which would keep node running
process.stdout.write(JSON.stringify(applied.entities), () => process.exit(0));
