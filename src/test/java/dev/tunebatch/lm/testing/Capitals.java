package dev.tunebatch.lm.testing;

import dev.tunebatch.lm.LmProgram;
import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.model.LanguageModel;
import dev.tunebatch.lm.module.Generator;
import dev.tunebatch.lm.testing.TestModels.Answer;
import dev.tunebatch.lm.testing.TestModels.Query;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scripted "model" that knows capitals: it answers right when the temperature is below 0.5, when the prompt holds a
 * correct few-shot example, or for the easy questions; otherwise it answers "Unknown". So temperature matters, and
 * few-shot examples chosen from rewarded predictions make a hot model right: the optimizer has something to learn.
 */
public final class Capitals {

    private static final Map<String, String> CAPITALS = new LinkedHashMap<>();
    private static final Set<String> EASY = Set.of("France", "Japan", "Italy", "Canada", "Egypt");

    static {
        String[][] rows = {{"France", "Paris"}, {"Germany", "Berlin"}, {"Japan", "Tokyo"}, {"Spain", "Madrid"},
                {"Italy", "Rome"}, {"Peru", "Lima"}, {"Canada", "Ottawa"}, {"Kenya", "Nairobi"},
                {"Egypt", "Cairo"}, {"Norway", "Oslo"}, {"Chile", "Santiago"}, {"Poland", "Warsaw"},
                {"Greece", "Athens"}, {"Cuba", "Havana"}, {"Ireland", "Dublin"}, {"Mexico", "Mexico City"}};
        for (String[] r : rows) {
            CAPITALS.put(r[0], r[1]);
        }
    }

    private Capitals() {
    }

    public static String question(String country) {
        return "What is the capital of " + country + "?";
    }

    private static String countryOf(String question) {
        return question.replace("What is the capital of ", "").replace("?", "");
    }

    /** Queries of countries {@code from} (inclusive) to {@code to} (exclusive) in table order. */
    public static List<Query> queries(int from, int to) {
        List<Query> out = new ArrayList<>();
        new ArrayList<>(CAPITALS.keySet()).subList(from, to).forEach(c -> out.add(new Query(question(c))));
        return out;
    }

    /** The right answers of {@link #queries(int, int)}. */
    public static List<Answer> answers(int from, int to) {
        List<Answer> out = new ArrayList<>();
        new ArrayList<>(CAPITALS.values()).subList(from, to).forEach(a -> out.add(new Answer(a)));
        return out;
    }

    /** A program asking {@code lm} for the capital, sampled at {@code temperature}, not compiled yet. */
    public static LmProgram program(LanguageModel lm, double temperature) {
        return LmProgram.builder().name("capitals").input(Query.class)
                .then(Generator.builder(Answer.class).languageModel(lm).temperature(temperature).build())
                .seed(9).build();
    }

    /** Whether the prompt of {@code r} holds a few-shot example with a right answer. */
    static boolean hasCorrectExample(ScriptedLmServer.Request r) {
        List<JsonNode> m = r.messages();
        for (int i = 1; i + 1 < m.size() - 1; i += 2) {
            JsonNode q = Json.parse(m.get(i).path("content").asString(), "example input");
            JsonNode a = Json.parse(m.get(i + 1).path("content").asString(), "example output");
            String truth = CAPITALS.get(countryOf(q.path("query").asString()));
            if (truth != null && truth.equals(a.path("answer").asString())) {
                return true;
            }
        }
        return false;
    }

    /** The script: tokens are 10 per message in, 3 out. */
    public static ScriptedLmServer.Reply reply(ScriptedLmServer.Request r) {
        String country = countryOf(r.lastUserJson().path("query").asString());
        double temperature = r.body().path("temperature").asDouble(1.0);
        boolean right = temperature < 0.5 || EASY.contains(country) || hasCorrectExample(r);
        String answer = right ? CAPITALS.getOrDefault(country, "Unknown") : "Unknown";
        return ScriptedLmServer.json(Json.object().put("answer", answer), 10L * r.messages().size(), 3);
    }
}
