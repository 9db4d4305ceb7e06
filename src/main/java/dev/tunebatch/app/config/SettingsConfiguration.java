package dev.tunebatch.app.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds and validates {@link TunebatchProperties} at start-up. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TunebatchProperties.class)
public class SettingsConfiguration {
}
