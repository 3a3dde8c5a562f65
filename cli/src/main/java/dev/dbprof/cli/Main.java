package dev.dbprof.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Entry point of {@code dbprof.jar}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    // made before any work, so that saying it needs no memory the failure may have used up
    String outOfMemory = OutOfMemory.sentence(Runtime.getRuntime().maxMemory());
    // any other thread (the parser's watchdog, a driver's): out of memory there ends the run too
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
      if (OutOfMemory.isCause(error)) {
        OutOfMemory.say(outOfMemory);
        Runtime.getRuntime().halt(ExitCodes.INTERNAL);
      }
      System.err.print("Exception in thread \"" + thread.getName() + "\" "); // as the JVM's default says it
      error.printStackTrace();
    });
    int code;
    try {
      CheckedStdout stdout = new CheckedStdout(new FileOutputStream(FileDescriptor.out));
      PrintStream stream = new PrintStream(new BufferedOutputStream(stdout), false, StandardCharsets.UTF_8);
      System.setOut(stream);
      PrintWriter out = new CheckedStdout.Writer(stream, stdout);
      PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
      code = DbprofCommand.commandLine(out, err).execute(args);
      String lost = CheckedStdout.failureOf(out);
      if (lost != null && code != ExitCodes.USAGE && code != ExitCodes.INTERNAL) {
        // help, versions, rules, wrap: whatever was lost, the caller must not take it as printed
        err.println("dbprof: " + lost);
        code = ExitCodes.USAGE;
      }
      err.flush();
    } catch (OutOfMemoryError e) {
      // the analysis is unreachable by now, so its heap is free again for these few bytes
      OutOfMemory.say(outOfMemory);
      code = ExitCodes.INTERNAL;
    }
    System.exit(code);
  }

  /** The one sentence for an OutOfMemoryError: what ran out and what to do about it. */
  static final class OutOfMemory {

    private OutOfMemory() {}

    static String sentence(long maxHeapBytes) {
      return String.format(Locale.ROOT, "dbprof: internal error: out of memory (heap limit %,d MB); give the JVM more "
          + "(DBPROF_JAVA_OPTS=-Xmx…) or lower --max-fingerprints.", maxHeapBytes / (1024 * 1024));
    }

    /** Prints the sentence; never throws, so that the exit code is still 3 if even that fails. */
    static void say(String sentence) {
      try {
        System.err.println(sentence);
        System.err.flush();
      } catch (Throwable stillOutOfMemory) {
        // nothing more can be said
      }
    }

    /** Whether {@code error} is, or was caused by, running out of memory. */
    static boolean isCause(Throwable error) {
      for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof OutOfMemoryError) {
          return true;
        }
      }
      return false;
    }
  }
}
