package dev.dbprof.model;

/** One line of the query profile: a fingerprint and its time. */
public record QueryRow(String queryId, String fingerprint, String kind, long count, double totalMs,
    double p50Ms, double p95Ms, double maxMs, long errors) {}
