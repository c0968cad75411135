// Runs Backstage's own Microsoft Graph org reader (from npm) once: the provider config given as
// JSON in argv[2] is read with Backstage's readProviderConfig and passed to readMicrosoftGraphOrg
// as its MicrosoftGraphOrgEntityProvider passes it; prints {users, groups} as JSON.
// Used by MicrosoftGraphBackstageConformanceTest. The credential asks the configured authority
// for a client-credentials token with plain fetch (Azure's identity library only talks https).
import { ConfigReader } from '@backstage/config';
import {
  MicrosoftGraphClient,
  readMicrosoftGraphOrg,
  readProviderConfig,
} from '@backstage/plugin-catalog-backend-module-msgraph';

const provider = readProviderConfig('conformance', new ConfigReader(JSON.parse(process.argv[2])));
const credential = {
  async getToken(scope) {
    const response = await fetch(`${provider.authority}/${provider.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: provider.clientId,
        client_secret: provider.clientSecret,
        scope,
      }),
    });
    const body = await response.json();
    if (!response.ok) {
      throw new Error(`token request failed: ${response.status} ${body.error}`);
    }
    return { token: body.access_token, expiresOnTimestamp: Date.now() + body.expires_in * 1000 };
  },
};
const quiet = { info() {}, warn() {}, error() {}, debug() {}, child() { return quiet; } };
try {
  const { users, groups } = await readMicrosoftGraphOrg(
    new MicrosoftGraphClient(provider.target, credential),
    provider.tenantId,
    {
      userExpand: provider.userExpand,
      userFilter: provider.userFilter,
      userSelect: provider.userSelect,
      userPath: provider.userPath,
      loadUserPhotos: provider.loadUserPhotos,
      userGroupMemberFilter: provider.userGroupMemberFilter,
      userGroupMemberSearch: provider.userGroupMemberSearch,
      userGroupMemberPath: provider.userGroupMemberPath,
      groupExpand: provider.groupExpand,
      groupFilter: provider.groupFilter,
      groupSearch: provider.groupSearch,
      groupSelect: provider.groupSelect,
      groupPath: provider.groupPath,
      groupIncludeSubGroups: provider.groupIncludeSubGroups,
      queryMode: provider.queryMode,
      logger: quiet,
    },
  );
  process.stdout.write(JSON.stringify({ users, groups }), () => process.exit(0));
} catch (e) {
  process.stderr.write(String((e && e.stack) || e));
  process.exit(1);
}
