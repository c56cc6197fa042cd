package io.gpuarbiter.telemetry.dcgm;

/** The pod dcgm-exporter attributes a sample to (its Kubernetes pod-resources mapping). */
public record PodRef(String namespace, String pod, String container) {}
