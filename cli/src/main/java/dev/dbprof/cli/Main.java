package dev.dbprof.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point of {@code dbprof.jar}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    CheckedStdout stdout = new CheckedStdout(new FileOutputStream(FileDescriptor.out));
    PrintStream stream = new PrintStream(new BufferedOutputStream(stdout), false, StandardCharsets.UTF_8);
    System.setOut(stream);
    PrintWriter out = new CheckedStdout.Writer(stream, stdout);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    int code = DbprofCommand.commandLine(out, err).execute(args);
    String lost = CheckedStdout.failureOf(out);
    if (lost != null && code != ExitCodes.USAGE && code != ExitCodes.INTERNAL) {
      // help, versions, rules, wrap: whatever was lost, the caller must not take it as printed
      err.println("dbprof: " + lost);
      code = ExitCodes.USAGE;
    }
    err.flush();
    System.exit(code);
  }
}
