package dev.dbprof.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dbprof.model.Report;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML report in a real headless Chromium: it loads without a console message, draws its SVG
 * charts, and a screenshot is kept in {@code target/dbprof-report.png}. Skipped when no Chromium is
 * installed ({@code apt-get install -y chromium}); {@code DBPROF_CHROMIUM} names another binary.
 */
class HtmlBrowserTest {

  static final Path WORK = Path.of("target", "html-browser-test");
  private static final Pattern CONSOLE = Pattern.compile(":CONSOLE(?:\\([0-9]+\\)|:[0-9]+)\\]\\s*(.*)");

  private static String chromium;

  @BeforeAll
  static void findChromium() throws IOException {
    chromium = locate();
    assumeTrue(chromium != null,
        "Chromium is not installed, so the HTML report is not checked in a browser (apt-get install -y chromium)");
    Files.createDirectories(WORK);
  }

  @Test
  void reportLoadsWithoutConsoleMessagesAndDrawsItsCharts() throws Exception {
    Path page = write("report.html", SampleReports.full());
    Browser run = browse(page, "--dump-dom");
    assertThat(run.console()).as("console messages").isEmpty();
    String dom = run.stdout();
    assertThat(dom).contains("<svg class=\"chart\"", "<svg class=\"strip\"", "20 × 0x1B2C3D4E5F607182 in a row",
        "3 × a loop of 2 queries");
    // 3 bars in the chart and 21 + 7 statement cells in the two timeline strips
    assertThat(count(dom, "<rect ")).isEqualTo(3 + 21 + 7);
  }

  @Test
  void screenshotShowsTheChartsInTheirColors() throws Exception {
    Path page = write("report.html", SampleReports.full());
    Path png = Path.of("target", "dbprof-report.png").toAbsolutePath();
    Files.deleteIfExists(png);
    Browser run = browse(page, "--screenshot=" + png, "--window-size=1000,2200", "--hide-scrollbars");
    assertThat(run.console()).isEmpty();
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(1000);
    // the first finding's shape (the N+1 loop) is blue: its bar and a run of 20 cells; the second one is orange
    assertThat(pixels(image, 0x4e79a7)).isGreaterThan(5_000);
    assertThat(pixels(image, 0xf28e2b)).isGreaterThan(5_000);
  }

  @Test
  void emptyReportLoadsWithoutConsoleMessages() throws Exception {
    Path page = write("empty.html", SampleReports.empty());
    Browser run = browse(page, "--dump-dom");
    assertThat(run.console()).isEmpty();
    assertThat(run.stdout()).contains("No statements were read");
  }

  @Test
  void theCheckSeesAConsoleErrorWhenThereIsOne() throws Exception {
    Path page = WORK.resolve("broken.html");
    Files.writeString(page, "<!DOCTYPE html><html><body><script>notDefined();</script></body></html>",
        StandardCharsets.UTF_8);
    Browser run = browse(page, "--dump-dom");
    assertThat(run.console()).anyMatch(line -> line.contains("notDefined"));
  }

  @Test
  void theReportIsSelfContained() throws IOException {
    StringBuilder html = new StringBuilder();
    new HtmlRenderer().render(SampleReports.full(), html);
    String withoutSvgNamespace = html.toString().replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assertThat(withoutSvgNamespace).doesNotContain("http:", "https:", "src=", "<link", "<script", "@import");
  }

  private record Browser(String stdout, List<String> console) {}

  private static Browser browse(Path page, String... extra) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(WORK.toAbsolutePath(), "profile");
    List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--no-first-run", "--disable-extensions", "--user-data-dir=" + profile,
        "--enable-logging=stderr", "--v=0"));
    command.addAll(List.of(extra));
    command.add(page.toAbsolutePath().toUri().toString());
    Path out = WORK.resolve("stdout.txt");
    Path err = WORK.resolve("stderr.txt");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Chromium did not finish within 120 s: " + command);
    }
    List<String> console = new ArrayList<>();
    for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
      Matcher m = CONSOLE.matcher(line);
      if (m.find()) {
        console.add(m.group(1));
      }
    }
    return new Browser(Files.readString(out, StandardCharsets.UTF_8), console);
  }

  private static Path write(String name, Report report) throws IOException {
    StringBuilder html = new StringBuilder();
    new HtmlRenderer().render(report, html);
    Path page = WORK.resolve(name);
    Files.writeString(page, html, StandardCharsets.UTF_8);
    return page;
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  /** Pixels within a small distance of {@code rgb} (antialiasing shifts edges a little). */
  private static int pixels(BufferedImage image, int rgb) {
    int n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        int d = Math.abs((p >> 16 & 0xff) - (rgb >> 16 & 0xff)) + Math.abs((p >> 8 & 0xff) - (rgb >> 8 & 0xff))
            + Math.abs((p & 0xff) - (rgb & 0xff));
        if (d <= 12) {
          n++;
        }
      }
    }
    return n;
  }

  private static String locate() {
    String configured = System.getenv("DBPROF_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return configured;
    }
    String path = System.getenv("PATH");
    for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
      for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
        File candidate = new File(dir, name);
        if (!dir.isEmpty() && candidate.canExecute()) {
          return candidate.getPath();
        }
      }
    }
    return null;
  }
}
