// The real Backstage backend for make-goldens.sh: the peer's catalog and scaffolder plus the
// scaffolder's publish modules, so templates that publish can be dry-run (in a dry run the
// scaffolder skips actions without dry-run support and answers with their example outputs, but
// every action id must be registered). Copied into the peer's folder and run from there.
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(require('@backstage/plugin-catalog-backend'));
backend.add(require('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'));
backend.add(require('@backstage/plugin-scaffolder-backend'));
for (const m of ['github', 'gitlab', 'bitbucket-cloud', 'bitbucket-server', 'azure', 'gitea', 'gerrit']) {
  backend.add(require(`@backstage/plugin-scaffolder-backend-module-${m}`));
}
backend.start();
