package dev.dbprof.model;

/**
 * What a report says of one rule, whether or not it found anything: SARIF and JUnit list every
 * rule the analysis knew, so that a rule without findings shows as passed.
 *
 * @param id stable kebab-case id
 * @param severity the rule's own severity, before any policy
 * @param title one line: what a finding of it is
 * @param explanation why it is slow
 * @param fix what to change, in general
 */
public record RuleDescription(String id, Severity severity, String title, String explanation, String fix) {}
