package dev.dbprof.demo;

import dev.dbprof.cli.DemoRunner;
import dev.dbprof.examples.Variant;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What {@code dbprof demo} runs when the demo jar is on the class path (see {@code META-INF/services}). */
public final class ExampleShopDemo implements DemoRunner {

  @Override
  public Reports run(List<String> variants, Path directory, PrintStream progress) {
    List<Variant> shops = variants.stream().map(v -> Variant.valueOf(v.toUpperCase(Locale.ROOT))).toList();
    Demo.Result result = new Demo(shops, directory, progress).run();
    return new Reports(result.naive(), result.fixed());
  }
}
