package dev.dbprof.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the real command line into strings. */
record Cli(int exitCode, String out, String err) {

  static Cli run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = DbprofCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    return new Cli(code, out.toString(), err.toString());
  }
}
