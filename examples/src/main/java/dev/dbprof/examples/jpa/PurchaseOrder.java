package dev.dbprof.examples.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An order ({@code Order} is a JPQL keyword, hence the name). */
@Entity(name = "PurchaseOrder")
@Table(name = "orders")
public class PurchaseOrder {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "customer_id")
  private Customer customer;

  private String status;

  private Instant createdAt;

  private BigDecimal total;

  @OneToMany(mappedBy = "order")
  @OrderBy("id")
  private List<OrderItem> items = new ArrayList<>();

  protected PurchaseOrder() {
  }

  public PurchaseOrder(Customer customer, String status, Instant createdAt) {
    this.customer = customer;
    this.status = status;
    this.createdAt = createdAt;
    this.total = BigDecimal.ZERO;
  }

  public Long getId() {
    return id;
  }

  public Customer getCustomer() {
    return customer;
  }

  public String getStatus() {
    return status;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public BigDecimal getTotal() {
    return total;
  }

  public void setTotal(BigDecimal total) {
    this.total = total;
  }

  public List<OrderItem> getItems() {
    return items;
  }
}
