package io.gpuarbiter.api.admission;

import io.gpuarbiter.admission.AdmissionHandler;
import io.gpuarbiter.admission.AdmissionHandler.Endpoint;
import io.gpuarbiter.admission.HttpAnswer;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Kubernetes admission webhook endpoints, HTTPS only. The body is handed to the webhook edge as
 * bytes; it parses and checks it itself, so every malformed review gets the same precise 4xx.
 */
// kube-apiserver calls without a user token. It proves who it is with a client certificate
// (mutual TLS, required in cluster mode: ARBITER_WEBHOOK_CLIENT_CA), and the webhook is reached
// over TLS from the cluster network only (see the network policy in deploy/).
@Secured(SecurityRule.IS_ANONYMOUS)
@Controller("/admission")
@Tag(name = "admission")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdmissionController {
  private final AdmissionHandler handler;
  private final boolean clientCertificateRequired;
  private final List<String> clientNames;

  AdmissionController(
      AdmissionHandler handler,
      @Value("${arbiter.admission.client-auth:off}") String clientAuth,
      @Value("${arbiter.admission.client-names:}") String clientNames) {
    this.handler = handler;
    this.clientCertificateRequired = "required".equals(clientAuth);
    this.clientNames =
        Arrays.stream(clientNames.split(",")).map(String::trim).filter(n -> !n.isEmpty()).toList();
  }

  @Post(uri = "/validate", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  @Operation(summary = "Validating webhook: decide on the final object, charge, record, answer")
  public MutableHttpResponse<byte[]> validate(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return answer(request, Endpoint.VALIDATE, body);
  }

  @Post(uri = "/mutate", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  @Operation(summary = "Mutating webhook: preview the decision and patch the scheduler hand-off")
  public MutableHttpResponse<byte[]> mutate(HttpRequest<?> request, @Nullable @Body byte[] body) {
    return answer(request, Endpoint.MUTATE, body);
  }

  private MutableHttpResponse<byte[]> answer(
      HttpRequest<?> request, Endpoint endpoint, byte[] body) {
    if (!request.isSecure()) {
      String msg =
          "{\"status\":403,\"message\":\"the admission webhook is served over HTTPS only\"}";
      return HttpResponse.<byte[]>status(io.micronaut.http.HttpStatus.FORBIDDEN)
          .contentType(MediaType.APPLICATION_JSON_TYPE)
          .body(msg.getBytes(StandardCharsets.UTF_8));
    }
    Optional<String> refused = clientCertificateRequired ? refusal(request) : Optional.empty();
    if (refused.isPresent()) {
      return HttpResponse.<byte[]>status(io.micronaut.http.HttpStatus.FORBIDDEN)
          .contentType(MediaType.APPLICATION_JSON_TYPE)
          .body(refused.get().getBytes(StandardCharsets.UTF_8));
    }
    HttpAnswer answer = handler.handle(endpoint, body == null ? new byte[0] : body);
    return HttpResponse.<byte[]>status(io.micronaut.http.HttpStatus.valueOf(answer.status()))
        .contentType(answer.contentType())
        .body(answer.body());
  }

  /**
   * Why this caller may not use the webhook: no client certificate (the TLS layer has already
   * checked that a presented one chains to the trusted CA), or one whose subject CN and DNS names
   * are none of the allowed names.
   */
  private Optional<String> refusal(HttpRequest<?> request) {
    Optional<Certificate> cert = request.getCertificate();
    if (cert.isEmpty() || !(cert.get() instanceof X509Certificate x509)) {
      return Optional.of(
          "{\"status\":403,\"message\":\"the admission webhook requires kube-apiserver's client"
              + " certificate (mutual TLS); none was presented\"}");
    }
    if (clientNames.isEmpty() || ClientNames.of(x509).stream().anyMatch(clientNames::contains)) {
      return Optional.empty();
    }
    return Optional.of(
        "{\"status\":403,\"message\":\"the client certificate names none of the allowed webhook"
            + " callers\"}");
  }
}
