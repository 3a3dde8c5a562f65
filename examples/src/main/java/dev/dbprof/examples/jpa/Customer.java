package dev.dbprof.examples.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@Entity
@Table(name = "customers")
public class Customer {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  private String name;

  private String email;

  private Instant createdAt;

  // Lazy, as every to-many association is by default: touching it in a loop is the N+1.
  @OneToMany(mappedBy = "customer")
  private List<PurchaseOrder> orders = new ArrayList<>();

  protected Customer() {
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public String getEmail() {
    return email;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public List<PurchaseOrder> getOrders() {
    return orders;
  }
}
