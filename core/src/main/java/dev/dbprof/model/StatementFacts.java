package dev.dbprof.model;

import java.util.List;

/**
 * What the full parser learns from one statement shape (computed once per fingerprint).
 *
 * @param kind statement kind (from the parse, or from the tokenizer when the parse failed)
 * @param parsed whether JSqlParser understood the statement; when false only {@code kind},
 *     {@code orm} and best-effort {@code tables} are filled
 * @param tables tables read or written, lower-case, in order of appearance, no duplicates
 * @param equalityColumns columns compared with {@code =} or {@code IN} to a value or parameter
 * @param rangeColumns columns compared with {@code <, <=, >, >=, BETWEEN, LIKE 'x%'}
 * @param joinColumns columns in join conditions
 * @param orderColumns columns in ORDER BY
 * @param countOverSubquery {@code SELECT count(*) FROM (SELECT …) alias}
 * @param hasWhere whether the statement has a WHERE clause
 * @param hasLimit whether a SELECT has LIMIT / FETCH FIRST / TOP
 * @param hasOffset whether a SELECT skips rows ({@code OFFSET}, MySQL's {@code LIMIT offset, count}):
 *     a page of a walk through a table
 * @param leadingWildcardLike a {@code LIKE '%…'} pattern literal (not a parameter)
 * @param orm the library that most likely wrote it
 */
public record StatementFacts(
    StatementKind kind,
    boolean parsed,
    List<String> tables,
    List<ColumnRef> equalityColumns,
    List<ColumnRef> rangeColumns,
    List<ColumnRef> joinColumns,
    List<ColumnRef> orderColumns,
    boolean countOverSubquery,
    boolean hasWhere,
    boolean hasLimit,
    boolean hasOffset,
    boolean leadingWildcardLike,
    OrmStyle orm) {}
