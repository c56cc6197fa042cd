package io.gpuarbiter.telemetry.source;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.function.Function;

/** One bounded GET: the body of a 200 answer, else a {@link Fetched.Failed} saying why. */
final class HttpGet {
  private final HttpClient client;
  private final Duration timeout;
  private final boolean readsErrorBodies;

  /**
   * @param readsErrorBodies whether a 400 or 422 answer carries a body to read (Prometheus' API
   *     errors), rather than being a failure by itself
   */
  HttpGet(HttpClient client, Duration timeout, boolean readsErrorBodies) {
    this.client = client;
    this.timeout = timeout;
    this.readsErrorBodies = readsErrorBodies;
  }

  Fetched get(URI uri, Function<byte[], Fetched> read) {
    HttpResponse<byte[]> answer;
    try {
      answer =
          client.send(
              HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      return new Fetched.Failed("timeout", uri + " did not answer within " + timeout);
    } catch (IOException e) {
      return new Fetched.Failed("unreachable", uri + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Fetched.Failed("unreachable", uri + ": interrupted");
    }
    int status = answer.statusCode();
    boolean readable = status == 200 || (readsErrorBodies && (status == 400 || status == 422));
    if (!readable) {
      return new Fetched.Failed("http-" + answer.statusCode(), uri.toString());
    }
    return read.apply(answer.body());
  }
}
