package dev.dbprof.explain;

/** Why a candidate produced no advice: refused, not explainable, skipped by the budget, covered. */
public record AdvisorNote(String queryId, String message) {}
