package dev.tunebatch.lm.config;

import dev.tunebatch.lm.cache.JdbcResponseCache;
import dev.tunebatch.lm.ledger.JdbcCostLedger;
import dev.tunebatch.lm.model.CostLedger;
import dev.tunebatch.lm.model.Price;
import dev.tunebatch.lm.model.PriceTable;
import dev.tunebatch.lm.model.ResponseCache;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wires the LM runtime from {@code tunebatch.lm.*}: the price table and {@link LanguageModels}, whose models use
 * the database's response cache and cost ledger when a {@link DataSource} exists. Inert when nothing is configured:
 * no client is built, no connection opened, no API key needed; the database is touched only by the first LM call.
 */
@AutoConfiguration
@EnableConfigurationProperties(LmProperties.class)
public class LmAutoConfiguration {

    @Bean
    PriceTable lmPriceTable(LmProperties properties) {
        Map<String, Price> prices = new LinkedHashMap<>();
        properties.getPrices().forEach((model, p) ->
                prices.put(model, new Price(p.getInputPerMillion(), p.getOutputPerMillion())));
        return PriceTable.of(prices);
    }

    @Bean
    LanguageModels languageModels(LmProperties properties, PriceTable lmPriceTable,
                                  ObjectProvider<DataSource> dataSource) {
        Supplier<ResponseCache> cache = () -> {
            DataSource ds = properties.getCache().isEnabled() ? dataSource.getIfAvailable() : null;
            return ds == null ? ResponseCache.NONE : new JdbcResponseCache(ds);
        };
        Supplier<CostLedger> ledger = () -> {
            DataSource ds = properties.getLedger().isEnabled() ? dataSource.getIfAvailable() : null;
            return ds == null ? CostLedger.NONE : new JdbcCostLedger(ds);
        };
        return new LanguageModels(properties.getEndpoints(), cache, ledger, lmPriceTable);
    }
}
