package dev.dbprof.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the tests run in a JVM of its own (128 MB heap, this JVM's class path), for
 * what one JVM cannot show about itself: a SIGTERM with its shutdown hooks, a SIGKILL. Its output
 * lines (stdout and stderr) are collected as they come.
 */
public final class ChildJvm implements AutoCloseable {

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private ChildJvm(Process process) {
    this.process = process;
    this.reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          output.add(line);
        }
      } catch (IOException ignored) {
        // the process is gone
      }
    });
    reader.start();
  }

  public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx128m", "-cp",
        System.getProperty("java.class.path"), mainClass.getName()));
    command.addAll(List.of(args));
    return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /**
   * Waits until the child printed {@code line}, or ended, or {@code limit} passed: a hang guard
   * for the child's start, not a speed assertion. Whether the line came is for the caller to assert.
   */
  public void awaitLine(String line, Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!output.contains(line) && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  public List<String> output() {
    return output;
  }

  /** SIGTERM (shutdown hooks run) or SIGKILL (nothing runs), then waits for the end and the last line. */
  public void stop(boolean kill) throws InterruptedException {
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    reader.join(10_000);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop(true);
    }
  }
}
