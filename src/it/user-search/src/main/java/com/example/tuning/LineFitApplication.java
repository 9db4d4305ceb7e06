package com.example.tuning;

import dev.tunebatch.batch.SearchDefinition;
import dev.tunebatch.program.FitArgs;
import dev.tunebatch.tuner.Direction;
import dev.tunebatch.tuner.Objective;
import dev.tunebatch.tuner.RandomSearch;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

import java.util.List;

/** An application that tunes its own program: the slope of a line through three points. */
@SpringBootApplication
public class LineFitApplication {

    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(LineFitApplication.class, args)));
    }

    @Bean
    SearchDefinition lineFit() {
        return SearchDefinition.of("line-fit",
                () -> RandomSearch.builder()
                        .hypermodel(hp -> new LineProgram(hp.floatParam("slope", 0.0, 4.0)))
                        .objective(Objective.of("loss", Direction.MIN))
                        .maxTrials(4)
                        .seed(7),
                () -> FitArgs.builder().x(List.of(1.0, 2.0, 3.0)).y(List.of(2.0, 4.0, 6.0)).epochs(1).build());
    }
}
