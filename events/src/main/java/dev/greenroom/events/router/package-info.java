/**
 * Event routers: subscribers that publish an event again on a more precise topic, as Backstage's
 * {@code SubTopicEventRouter}, {@code GithubEventRouter} and {@code GitlabEventRouter}.
 */
@NullMarked
package dev.greenroom.events.router;

import org.jspecify.annotations.NullMarked;
