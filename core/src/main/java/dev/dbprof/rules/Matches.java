package dev.dbprof.rules;

import java.util.function.Consumer;

/** Where rules report what they found. */
public final class Matches {

  private final Consumer<Match> sink;

  public Matches(Consumer<Match> sink) {
    this.sink = sink;
  }

  public void report(Match match) {
    sink.accept(match);
  }
}
