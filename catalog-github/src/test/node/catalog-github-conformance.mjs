// Runs Backstage's own GitHub providers from npm against a GitHub (Greenroom's fake in the tests)
// and prints every mutation and refresh they make, one JSON line each, so that Greenroom's
// providers can be judged against them.
//
//   node catalog-github-conformance.mjs <scenario.json>
//
// scenario.json: { "config": <app-config with integrations.github and catalog.providers>,
//                  "events": [ { "topic": "github.push", "payload": {...} }, ... ] }
// Every provider reads once (its scheduled task), then each event goes to the providers that
// subscribe to its topic. Output lines:
//   {"provider": name, "step": "read" | "event:<n>", "mutation": {...}}  or  {"provider", "step", "refresh": [keys]}
//   {"provider": name, "step": ..., "error": message}
import { readFileSync } from 'node:fs';
import { ConfigReader } from '@backstage/config';
import {
  GithubEntityProvider,
  GithubMultiOrgEntityProvider,
  buildDefaultUserTransformer,
} from '@backstage/plugin-catalog-backend-module-github';

const scenario = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const config = new ConfigReader(scenario.config);

const logger = {
  child() { return logger; },
  debug() {},
  info() {},
  warn(msg) { process.stderr.write(`warn: ${msg}\n`); },
  error(msg) { process.stderr.write(`error: ${msg}\n`); },
};

function refOf(entity) {
  return `${entity.kind.toLocaleLowerCase('en-US')}:${entity.metadata.namespace ?? 'default'}/${entity.metadata.name}`;
}

function connection(name, step) {
  return {
    async applyMutation(m) {
      const out = { type: m.type };
      if (m.type === 'full') {
        out.entities = m.entities.map(d => ({ locationKey: d.locationKey ?? null, entity: d.entity }));
      } else {
        out.added = m.added.map(d => ({ locationKey: d.locationKey ?? null, entity: d.entity }));
        out.removed = m.removed.map(d => ({ locationKey: d.locationKey ?? null, ref: d.entityRef ?? refOf(d.entity) }));
      }
      console.log(JSON.stringify({ provider: name, step: step.current, mutation: out }));
    },
    async refresh(opts) {
      console.log(JSON.stringify({ provider: name, step: step.current, refresh: opts.keys }));
    },
  };
}

// a task runner that runs the task once, when asked
const runner = { async run(task) { await task.fn(); } };

const providers = [];
for (const p of GithubEntityProvider.fromConfig(config, { logger, schedule: runner })) {
  providers.push({ provider: p, topics: p.supportsEventTopics() });
}

// as @backstage/plugin-catalog-backend-module-github-org reads catalog.providers.githubOrg
const orgKey = 'catalog.providers.githubOrg';
const orgBase = config.getOptional(orgKey);
const orgConfigs = orgBase === undefined ? [] : Array.isArray(orgBase) ? config.getConfigArray(orgKey) : [config.getConfig(orgKey)];
const definitions = orgConfigs.map(c => ({
  id: c.getString('id'),
  githubUrl: c.getString('githubUrl'),
  orgs: c.getOptionalStringArray('orgs'),
  pageSizes: c.has('pageSizes') ? {
    teams: c.getOptionalNumber('pageSizes.teams'),
    teamMembers: c.getOptionalNumber('pageSizes.teamMembers'),
    organizationMembers: c.getOptionalNumber('pageSizes.organizationMembers'),
  } : undefined,
  useVerifiedEmails: c.getOptionalBoolean('defaultUserTransformer.useVerifiedEmails') ?? false,
}));
for (const d of definitions) {
  const p = GithubMultiOrgEntityProvider.fromConfig(config, {
    id: d.id,
    githubUrl: d.githubUrl,
    orgs: d.orgs,
    schedule: runner,
    logger,
    userTransformer: buildDefaultUserTransformer({ useVerifiedEmails: d.useVerifiedEmails }),
    alwaysUseDefaultNamespace: definitions.length === 1 && d.orgs?.length === 1,
    pageSizes: d.pageSizes,
  });
  providers.push({ provider: p, topics: ['github.installation', 'github.membership', 'github.organization', 'github.team'] });
}

for (const { provider } of providers) {
  const name = provider.getProviderName();
  const step = { current: 'read' };
  provider.__step = step;
  try {
    await provider.connect(connection(name, step));
  } catch (e) {
    console.log(JSON.stringify({ provider: name, step: 'read', error: String(e?.message ?? e) }));
  }
}

const events = scenario.events ?? [];
for (let i = 0; i < events.length; i++) {
  const ev = events[i];
  for (const { provider, topics } of providers) {
    if (!topics.includes(ev.topic)) continue;
    provider.__step.current = `event:${i}`;
    try {
      await provider.onEvent({ topic: ev.topic, eventPayload: ev.payload, metadata: {} });
    } catch (e) {
      console.log(JSON.stringify({ provider: provider.getProviderName(), step: `event:${i}`, error: String(e?.message ?? e) }));
    }
  }
}
