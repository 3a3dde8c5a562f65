package dev.dbprof.examples;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the example shop against your own PostgreSQL database, typically through a capture URL:
 * <pre>
 * java -cp … dev.dbprof.examples.ShopMain --variant jpa --mode naive \
 *      --user shop --password secret jdbc:dbprof:postgresql://localhost:5432/shop
 * </pre>
 * It first (re)creates and seeds the shop's tables over the plain URL (the {@code dbprof:} part
 * removed), so the capture holds only the shop's work; {@code --no-schema} skips that step.
 * Without a URL it starts embedded PostgreSQL and runs there.
 */
public final class ShopMain {

  private static final String USAGE = String.join(System.lineSeparator(),
      "usage: ShopMain [--variant jdbc|jpa] [--mode naive|fixed] [--user USER] [--password PASSWORD]",
      "                [--no-schema] [JDBC_URL]",
      "  Creates the shop's tables (drops existing customers, products, orders, order_items!),",
      "  seeds 50,000 orders, then runs the shop. JDBC_URL may be a jdbc:dbprof: capture URL;",
      "  without it, the shop runs on embedded PostgreSQL.");

  private ShopMain() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (options.help()) {
      out.println(USAGE);
      return 0;
    }
    try {
      if (options.url() == null) {
        try (DemoDatabase database = DemoDatabase.start(err)) {
          String url = database.createDatabase("shop");
          execute(options, url, url, database.user(), database.password(), out, err);
        }
      } else {
        execute(options, options.url(), plainUrl(options.url()), options.user(), options.password(), out, err);
      }
      return 0;
    } catch (RuntimeException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private static void execute(Options options, String url, String plainUrl, String user, String password,
      PrintStream out, PrintStream err) {
    if (options.createSchema()) {
      err.println("creating and seeding the shop schema (" + options.mode().name().toLowerCase(Locale.ROOT)
          + " indexes)…");
      ShopSchema.create(options.mode(), plainUrl, user, password);
    }
    err.println("running the " + options.variant().name().toLowerCase(Locale.ROOT) + " shop in "
        + options.mode().name().toLowerCase(Locale.ROOT) + " mode…");
    long started = System.nanoTime();
    ShopResult result = Shop.run(options.variant(), options.mode(), url, user, password);
    err.println(String.format(Locale.ROOT, "done in %.2f s", (System.nanoTime() - started) / 1e9));
    print(result, out);
  }

  static void print(ShopResult result, PrintStream out) {
    out.println("customer overview: " + result.customerOverview().rows() + " orders, "
        + result.customerOverview().amount().toPlainString() + " total");
    out.println("shipping labels:   " + result.shippingLabels().rows() + " lines, "
        + result.shippingLabels().amount().toPlainString() + " items");
    out.println("imported order:    " + result.importedOrder().rows() + " items, "
        + result.importedOrder().amount().toPlainString() + " total");
    for (Map.Entry<String, Long> status : result.ordersPerStatus().entrySet()) {
      out.println("status search:     " + status.getKey() + " " + status.getValue() + " orders");
    }
    out.println("product page:      " + result.featuredProduct());
  }

  /** {@code jdbc:dbprof:postgresql://…} → {@code jdbc:postgresql://…}; other URLs unchanged. */
  static String plainUrl(String url) {
    return url.startsWith("jdbc:dbprof:") ? "jdbc:" + url.substring("jdbc:dbprof:".length()) : url;
  }

  record Options(Variant variant, Mode mode, String user, String password, boolean createSchema, String url,
      boolean help) {

    static Options parse(String[] args) {
      Variant variant = Variant.JDBC;
      Mode mode = Mode.NAIVE;
      String user = System.getProperty("user.name");
      String password = "";
      boolean createSchema = true;
      String url = null;
      boolean help = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--variant" -> variant = parseEnum(Variant.class, value(args, ++i, arg));
          case "--mode" -> mode = parseEnum(Mode.class, value(args, ++i, arg));
          case "--user" -> user = value(args, ++i, arg);
          case "--password" -> password = value(args, ++i, arg);
          case "--no-schema" -> createSchema = false;
          case "-h", "--help" -> help = true;
          default -> {
            if (arg.startsWith("-") || url != null) {
              throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            url = arg;
          }
        }
      }
      return new Options(variant, mode, user, password, createSchema, url, help);
    }

    private static String value(String[] args, int index, String option) {
      if (index >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[index];
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value) {
      try {
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown " + type.getSimpleName().toLowerCase(Locale.ROOT)
            + ": " + value);
      }
    }
  }
}
