package cn.yuyue.hall;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How each instance keeps its copy of the catalogue current, under {@code yuyue.catalogue}.
 *
 * @param pollEvery     how often an instance asks PostgreSQL for the catalogue version; with the
 *                      reload, an edit made anywhere reaches this instance's answers within about
 *                      this long
 * @param queryTimeout  how long the version query may take before the round is given up
 * @param reloadTimeout how long reading every catalogue table may take
 */
@ConfigurationProperties("yuyue.catalogue")
public record CatalogueProperties(
        @DefaultValue("1s") Duration pollEvery,
        @DefaultValue("2s") Duration queryTimeout,
        @DefaultValue("30s") Duration reloadTimeout) {}
