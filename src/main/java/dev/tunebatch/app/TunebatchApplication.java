package dev.tunebatch.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the tunebatch Spring Boot application. */
@SpringBootApplication
public class TunebatchApplication {
    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(TunebatchApplication.class, args)));
    }
}
