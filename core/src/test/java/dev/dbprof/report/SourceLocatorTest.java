package dev.dbprof.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dbprof.model.CallSite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceLocatorTest {

  @TempDir
  Path root;

  @Test
  void findsTheFileInAModuleAndFallsBackToTheConventionalLayout() throws IOException {
    Path source = root.resolve("shop-app/src/main/java/shop/orders/OrderRepository.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class OrderRepository {}");
    Path copyInTarget = root.resolve("shop-app/target/src/main/java/shop/orders/Other.java");
    Files.createDirectories(copyInTarget.getParent());
    Files.writeString(copyInTarget, "class Other {}");
    SourceLocator locator = SourceLocator.scanning(root);
    assertThat(locator.path(new CallSite("shop.orders.OrderRepository", "byCustomer", "OrderRepository.java", 51)))
        .isEqualTo("shop-app/src/main/java/shop/orders/OrderRepository.java");
    assertThat(locator.path(new CallSite("shop.orders.Other", "run", "Other.java", 3)))
        .as("build output is not source").isEqualTo("src/main/java/shop/orders/Other.java");
    assertThat(locator.path(new CallSite("shop.orders.OrderRepository$Inner", "x", "OrderRepository.java", 9)))
        .isEqualTo("shop-app/src/main/java/shop/orders/OrderRepository.java");
    assertThat(locator.path(new CallSite("Main", "main", null, 0))).isNull();
  }
}
