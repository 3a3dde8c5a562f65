package dev.dbprof.examples;

/** How the shop talks to the database: with every anti-pattern, or with each one fixed. */
public enum Mode {
  NAIVE,
  FIXED
}
