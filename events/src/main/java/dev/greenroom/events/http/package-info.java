/**
 * The HTTP ingress for webhooks ({@link dev.greenroom.events.http.EventsApiPlugin}, Backstage's
 * {@code POST /api/events/http/:topic}) and the request validators that authenticate them:
 * GitHub's {@code X-Hub-Signature-256} and GitLab's {@code X-Gitlab-Token}.
 */
@NullMarked
package dev.greenroom.events.http;

import org.jspecify.annotations.NullMarked;
