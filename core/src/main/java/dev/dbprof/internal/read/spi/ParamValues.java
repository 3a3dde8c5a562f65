package dev.dbprof.internal.read.spi;

import java.util.List;

/**
 * The canonical text of a statement's parameter values ({@link dev.dbprof.model.Event#params()}):
 * SQL literals joined by {@code ", "}. Only equality matters: equal values give equal text within
 * one input, different values give different text.
 */
public final class ParamValues {

  private ParamValues() {
  }

  /** Literals already in SQL form ({@code 42}, {@code 'O''Brien'}, {@code NULL}), kept as they are. */
  public static String ofLiterals(List<String> literals) {
    return String.join(", ", literals);
  }
}
