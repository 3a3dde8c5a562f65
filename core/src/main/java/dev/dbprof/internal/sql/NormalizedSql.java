package dev.dbprof.internal.sql;

import dev.dbprof.model.StatementKind;

/**
 * What the tokenizer learns from one statement text in one pass.
 *
 * @param fingerprint the normalized text: literals and placeholders as {@code ?}, lists
 *     collapsed, comments gone, whitespace and keyword case folded
 * @param queryId stable id of the fingerprint, {@code 0x} and 16 upper-case hex digits
 * @param kind the statement kind from its leading keyword(s)
 * @param literalsHash hash of the literal values in order, 0 when there are none; two
 *     statements with one fingerprint and one literalsHash carried the same inline values
 * @param literals how many literals were replaced (placeholders not counted)
 * @param longestInList items in the longest {@code IN (…)} list, 0 when none
 * @param valuesRows rows in a {@code VALUES (…),(…)} list, 0 when none
 */
public record NormalizedSql(
    String fingerprint,
    String queryId,
    StatementKind kind,
    long literalsHash,
    int literals,
    int longestInList,
    int valuesRows) {}
