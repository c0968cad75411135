package dev.greenroom.events.http;

import dev.greenroom.events.EventBroker;
import dev.greenroom.events.EventParams;
import dev.greenroom.http.ApiException;
import dev.greenroom.http.ApiPlugin;
import dev.greenroom.http.Call;
import dev.greenroom.http.Router;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Backstage's events backend HTTP ingress under {@code /api/events}: {@code POST
 * /http/:topic} for each topic configured ({@code events.http.topics}, and the topics modules add:
 * {@code github}, {@code gitlab}) publishes the request body on that topic with the request's
 * headers as metadata, and answers {@code 202 {"status":"accepted"}}. A JSON content type is
 * parsed as JSON, anything else is published as a string (as Backstage's body parser does).
 *
 * <p>Webhooks carry no Backstage credentials: the routes are reachable without them and each
 * topic's {@link RequestValidator} (a signature or a shared token) decides; a rejected request is
 * answered with the validator's status and {@code {"message": ...}} and nothing is published. An
 * unknown topic is 404, a body over the limit (default 5 MiB) 413, malformed JSON 400, an unknown
 * charset 415. Credential headers ({@code authorization}, {@code cookie}, {@code x-gitlab-token})
 * are never put into the event's metadata.
 */
public final class EventsApiPlugin implements ApiPlugin {
  private static final Logger LOG = LoggerFactory.getLogger(EventsApiPlugin.class);
  /** Topic names: letters, digits, {@code _}, {@code -} and {@code .}. */
  static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_.-]{1,100}");
  private static final Pattern CHARSET =
      Pattern.compile(";\\s*charset\\s*=\\s*\"?([^\";\\s]+)\"?", Pattern.CASE_INSENSITIVE);
  private static final Set<String> HIDDEN_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "x-gitlab-token");
  private static final int MAX_METADATA_VALUE = 2_000;

  private final EventBroker broker;
  private final Map<String, Optional<RequestValidator>> topics;
  private final long maxBodyBytes;
  private final JsonMapper mapper;

  private EventsApiPlugin(Builder b) {
    this.broker = b.broker;
    this.topics = Map.copyOf(b.topics);
    this.maxBodyBytes = b.maxBodyBytes;
    this.mapper = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(200)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, b.maxBodyBytes))
                .build())
            .build())
        .build();
  }

  /** A builder publishing on {@code broker}. */
  public static Builder builder(EventBroker broker) {
    return new Builder(broker);
  }

  /** The topics that have a route, sorted. */
  public List<String> topics() {
    return topics.keySet().stream().sorted().toList();
  }

  @Override
  public String id() {
    return "events";
  }

  @Override
  public void routes(Router router) {
    router.post("/http/:topic", Router.ANY_PARAMS, this::ingress).unauthenticated();
    for (String t : topics()) {
      LOG.info("Registered /api/events/http/{} to receive events{}", t,
          topics.get(t).isPresent() ? "" : " (no validator: requests are not authenticated)");
    }
  }

  private void ingress(Call call) throws IOException {
    String topic = call.path("topic");
    Optional<RequestValidator> validator = topics.get(topic);
    if (validator == null) {
      throw ApiException.notFound("No HTTP ingress for the event topic '"
          + (topic.length() > 100 ? topic.substring(0, 100) + "…" : topic) + "'");
    }
    byte[] raw = call.bodyBytes(maxBodyBytes);
    String contentType = call.headers().firstValue("content-type").orElse("")
        .toLowerCase(Locale.ROOT);
    Charset charset = charset(contentType);
    JsonNode body;
    String text = new String(raw, charset);
    if (contentType.startsWith("application/json")) {
      try {
        body = raw.length == 0 ? JsonNodeFactory.instance.objectNode() : mapper.readTree(text);
      } catch (JacksonException e) {
        throw ApiException.input("The body of an event for topic " + topic + " is not valid JSON");
      }
    } else {
      body = JsonNodeFactory.instance.stringNode(text);
    }
    Map<String, String> headers = headers(call);
    RequestDetails details = new RequestDetails(body, raw, charset, headers);
    if (validator.isPresent()) {
      Rejection r = new Rejection();
      validator.get().validate(details, r);
      if (r.status != 0) {
        LOG.warn("Rejected an event for topic {}: {} ({})", topic, r.message, r.status);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("message", r.message);
        call.json(r.status, out);
        return;
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    headers.forEach((k, v) -> {
      if (!HIDDEN_HEADERS.contains(k) && v.length() <= MAX_METADATA_VALUE) {
        metadata.put(k, v);
      }
    });
    broker.publish(new EventParams(topic, body, metadata));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("status", "accepted");
    call.json(202, out);
  }

  private static Charset charset(String contentType) {
    Matcher m = CHARSET.matcher(contentType);
    if (!m.find()) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(m.group(1));
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new ApiException("UnsupportedCharsetError", 415,
          "Unsupported charset: " + (m.group(1).length() > 40 ? m.group(1).substring(0, 40) : m.group(1)));
    }
  }

  private static Map<String, String> headers(Call call) {
    Map<String, String> out = new LinkedHashMap<>();
    call.headers().map().forEach((k, v) -> out.merge(k.toLowerCase(Locale.ROOT),
        String.join(", ", v), (a, b) -> a + ", " + b));
    return out;
  }

  /** The context a validator rejects through; the first rejection counts. */
  private static final class Rejection implements RequestValidationContext {
    int status;
    @Nullable String message;

    @Override
    public void reject(int status, String message) {
      if (status < 400 || status > 499) {
        throw new IllegalArgumentException("a rejection's status must be 4xx, got " + status);
      }
      if (this.status == 0) {
        this.status = status;
        this.message = message;
      }
    }
  }

  /** Configures an {@link EventsApiPlugin}. */
  public static final class Builder {
    private final EventBroker broker;
    private final Map<String, Optional<RequestValidator>> topics = new LinkedHashMap<>();
    private long maxBodyBytes = 5L * 1024 * 1024;

    private Builder(EventBroker broker) {
      this.broker = Objects.requireNonNull(broker, "broker");
    }

    /**
     * A route for {@code topic} without a validator ({@code events.http.topics}); a topic given
     * a validator elsewhere keeps it.
     */
    public Builder topic(String topic) {
      checkTopic(topic);
      topics.putIfAbsent(topic, Optional.empty());
      return this;
    }

    /** A route for {@code topic} whose requests {@code validator} checks. */
    public Builder topic(String topic, RequestValidator validator) {
      checkTopic(topic);
      topics.put(topic, Optional.of(Objects.requireNonNull(validator, "validator")));
      return this;
    }

    /** The largest body accepted (413 beyond); default 5 MiB. */
    public Builder maxBodyBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("the body limit must be positive");
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    private static void checkTopic(String topic) {
      if (!TOPIC.matcher(topic).matches()) {
        throw new IllegalArgumentException("invalid event topic '" + topic
            + "': use 1 to 100 letters, digits, '_', '-' or '.'");
      }
    }

    /** The plugin; mount it with {@code HttpApi.Builder.plugin}. */
    public EventsApiPlugin build() {
      return new EventsApiPlugin(this);
    }
  }
}
