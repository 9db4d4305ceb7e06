package dev.tunebatch.lm.cache;

import dev.tunebatch.lm.data.Json;
import dev.tunebatch.lm.model.Completion;
import dev.tunebatch.lm.model.LmRequest;
import dev.tunebatch.lm.model.ResponseCache;
import dev.tunebatch.lm.model.TokenUsage;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.Optional;

/**
 * The response cache in PostgreSQL (table {@code lm_response_cache}, migration V10): shared by every trial of every
 * worker on the database and by resumed runs, so that an answer is paid for once. The request is stored as
 * {@code jsonb} for inspection; it contains no credential.
 */
public final class JdbcResponseCache implements ResponseCache {

    private final JdbcTemplate jdbc;

    public JdbcResponseCache(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public Optional<Completion> get(String key) {
        List<Completion> rows = jdbc.query(
                "UPDATE lm_response_cache SET hits = hits + 1, last_hit_at = now() WHERE cache_key = ? "
                        + "RETURNING response_text, input_tokens, output_tokens",
                (rs, i) -> new Completion(rs.getString(1), new TokenUsage(rs.getLong(2), rs.getLong(3))), key);
        return rows.stream().findFirst();
    }

    @Override
    public void put(String key, LmRequest request, Completion completion) {
        jdbc.update("INSERT INTO lm_response_cache (cache_key, model, request, response_text, input_tokens, "
                        + "output_tokens) VALUES (?, ?, CAST(? AS jsonb), ?, ?, ?) ON CONFLICT (cache_key) DO NOTHING",
                key, request.model(), Json.write(request.toJson()), completion.content(),
                completion.usage().inputTokens(), completion.usage().outputTokens());
    }

    /** The number of stored answers. */
    public long size() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM lm_response_cache", Long.class);
        return n == null ? 0 : n;
    }
}
