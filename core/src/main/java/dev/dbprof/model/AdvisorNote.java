package dev.dbprof.model;

/**
 * Why a candidate produced no advice: refused, not explainable, skipped by the budget, covered.
 * A null {@code queryId} marks a note about the advisor as a whole (its budget ran out, it
 * dropped leftovers of an interrupted run).
 */
public record AdvisorNote(String queryId, String message) {}
