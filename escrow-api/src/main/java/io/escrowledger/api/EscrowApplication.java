package io.escrowledger.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication(scanBasePackages = {"io.escrowledger.api", "io.escrowledger.projections"})
public class EscrowApplication {

    public static void main(String[] args) {
        // Axon reports usage over the network at start unless told not to; this service never phones home.
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(EscrowApplication.class, args);
    }
}
