package dev.tunebatch.lm.testing;

import dev.tunebatch.lm.data.Json;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A seeded fault schedule for {@link ScriptedLmServer}: a share of the chat requests fails, split evenly between a 429
 * with {@code Retry-After}, a 500 and a connection closed without an answer; the others get the wrapped script's
 * answer. Whether a request fails depends only on the seed, its body and how often that body arrived before, never on
 * timing or arrival order, so a concurrent search meets the same faults on every run. One body fails at most
 * {@code maxFailuresPerBody} times (a retrying client always gets through). Every decision is kept as an
 * {@link Outcome}, with the tokens of the answers, so tests can compare what the client booked with what the server
 * did.
 */
public final class FaultSchedule implements ScriptedLmServer.Script {

    /** How a request was failed. */
    public enum Fault {
        /** 429 with {@code Retry-After}. */
        RATE_LIMITED,
        /** 500. */
        SERVER_ERROR,
        /** The connection closed without an answer. */
        DROPPED
    }

    /**
     * What the server did with one chat request.
     *
     * @param request   the request
     * @param fault     how it failed, or {@code null} when it was answered
     * @param answer    the answer (with the tokens reported), or {@code null} when it failed
     * @param decidedAt {@link System#nanoTime()} when the reply was chosen, just before it was sent
     */
    public record Outcome(ScriptedLmServer.Request request, Fault fault, ScriptedLmServer.Answer answer,
                          long decidedAt) {

        /** The request's body as text: a client's retry sends the same. */
        public String body() {
            return Json.write(request.body());
        }
    }

    private final long seed;
    private final double rate;
    private final int maxFailuresPerBody;
    private final String retryAfter;
    private final ScriptedLmServer.Script answers;
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();
    private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

    /**
     * @param seed               the schedule's seed
     * @param rate               the share of requests to fail (before the per-body cap), e.g. 0.3
     * @param maxFailuresPerBody how often one body may fail at most
     * @param retryAfter         the {@code Retry-After} header of the 429s, e.g. {@code "1"}
     * @param answers            the script of the requests that do not fail (must answer with {@code Answer})
     */
    public FaultSchedule(long seed, double rate, int maxFailuresPerBody, String retryAfter,
                         ScriptedLmServer.Script answers) {
        this.seed = seed;
        this.rate = rate;
        this.maxFailuresPerBody = maxFailuresPerBody;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        this.answers = Objects.requireNonNull(answers, "answers");
    }

    @Override
    public ScriptedLmServer.Reply reply(ScriptedLmServer.Request request) throws Exception {
        if (!request.path().endsWith("/chat/completions")) {
            return answers.reply(request);
        }
        String body = Json.write(request.body());
        int sighting = seen.merge(body, 1, Integer::sum) - 1;
        Fault fault = sighting < maxFailuresPerBody ? draw(body, sighting) : null;
        if (fault == null) {
            ScriptedLmServer.Answer answer = (ScriptedLmServer.Answer) answers.reply(request);
            outcomes.add(new Outcome(request, null, answer, System.nanoTime()));
            return answer;
        }
        outcomes.add(new Outcome(request, fault, null, System.nanoTime()));
        return switch (fault) {
            case RATE_LIMITED -> ScriptedLmServer.status(429, retryAfter);
            case SERVER_ERROR -> ScriptedLmServer.status(500, null);
            case DROPPED -> ScriptedLmServer.drop();
        };
    }

    private Fault draw(String body, int sighting) {
        double u = new SplittableRandom(seed ^ (31L * body.hashCode() + sighting) * 0x9E3779B97F4A7C15L).nextDouble();
        if (u >= rate) {
            return null;
        }
        return Fault.values()[(int) (u / rate * Fault.values().length)];
    }

    /** Every chat request so far, in the order the replies were chosen. */
    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    /** The {@code Retry-After} of the 429s, in seconds. */
    public double retryAfterSeconds() {
        return Double.parseDouble(retryAfter);
    }
}
