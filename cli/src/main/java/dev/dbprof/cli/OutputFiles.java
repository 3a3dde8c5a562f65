package dev.dbprof.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The files dbprof writes: never one of its inputs, and a failed write says why. */
final class OutputFiles {

  private OutputFiles() {
  }

  /**
   * Refuses an output that is the same file as an input, however it is named ({@code ./x}, a
   * symbolic link, a hard link): writing it would destroy the log before or while it is read.
   *
   * @param outputs each output with the option that names it, e.g. {@code "--output"}
   * @param inputs each input with what it is, e.g. {@code "input"}; {@code -} (stdin) is skipped
   */
  static void refuseInputs(Map<Path, String> outputs, Map<String, String> inputs) {
    for (Map.Entry<Path, String> output : outputs.entrySet()) {
      if (!Files.exists(output.getKey())) {
        continue; // a file that does not exist yet is no input
      }
      for (Map.Entry<String, String> input : inputs.entrySet()) {
        if (!input.getKey().equals("-") && sameFile(output.getKey(), Path.of(input.getKey()))) {
          String names = output.getKey().toString().equals(input.getKey()) ? ""
              : " (" + input.getKey() + ")";
          throw new UserException(output.getValue() + " " + output.getKey() + " is the " + input.getValue()
              + names + "; dbprof does not overwrite its inputs, choose another file.");
        }
      }
    }
  }

  /** Refuses two outputs that name one file: the second would silently replace the first. */
  static void refuseDuplicates(Map<Path, String> outputs) {
    List<Map.Entry<Path, String>> all = List.copyOf(outputs.entrySet());
    for (int i = 0; i < all.size(); i++) {
      for (int j = i + 1; j < all.size(); j++) {
        Path a = all.get(i).getKey();
        Path b = all.get(j).getKey();
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize()) || Files.exists(a) && sameFile(a, b)) {
          throw new UserException(all.get(i).getValue() + " " + a + " and " + all.get(j).getValue() + " " + b
              + " are the same file; give each output its own file.");
        }
      }
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false; // cannot be compared, so cannot be opened for reading either: reading says why
    }
  }

  /** Why a write failed, in words: "no such directory", "permission denied", the OS's reason. */
  static String reason(IOException e, Path file) {
    if (e instanceof NoSuchFileException) {
      Path parent = file.toAbsolutePath().getParent();
      return parent != null && !Files.isDirectory(parent) ? "no such directory" : "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return lowerFirst(fs.getReason());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : lowerFirst(e.getMessage());
  }

  /** "No space left on device" → "no space left on device": the reason goes inside a sentence. */
  static String lowerFirst(String text) {
    if (text.isEmpty() || text.length() > 1 && Character.isUpperCase(text.charAt(1))) {
      return text; // an acronym ("EIO ...") stays as it is
    }
    return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
  }
}
