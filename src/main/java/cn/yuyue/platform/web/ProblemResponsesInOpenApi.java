package cn.yuyue.platform.web;

import java.util.List;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Writes the API's refusals into its OpenAPI description: every operation may answer a 4xx and a
 * 503 as {@code application/problem+json} with a stable {@code code}. The controllers name the
 * codes an operation gives in its description; the shape is declared once here, so a generated
 * client knows how to read any refusal.
 */
@Configuration
class ProblemResponsesInOpenApi {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths()
                    .values()
                    .forEach(path -> path.readOperations().forEach(operation -> {
                        operation
                                .getResponses()
                                .putIfAbsent(
                                        "4XX",
                                        problem(
                                                "Refused: the body says why in `code` (see docs/api.md); nothing changed"));
                        operation
                                .getResponses()
                                .putIfAbsent(
                                        "503",
                                        problem(
                                                        "TRY_LATER: shedding load or a server unavailable; nothing changed, retry after `Retry-After`")
                                                .addHeaderObject(
                                                        "Retry-After",
                                                        new Header()
                                                                .description("seconds to wait before retrying")
                                                                .schema(new IntegerSchema())));
                    }));
        };
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details with a stable machine-readable code")
                .addProperty("type", new StringSchema())
                .addProperty(
                        "title",
                        new StringSchema()
                                .description("for people: Simplified Chinese, or English on Accept-Language: en"))
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema())
                .addProperty(
                        "code", new StringSchema().description("what clients branch on, e.g. SLOT_FULL, TRY_LATER"))
                .addProperty("errors", new Schema<>().type("array").description("VALIDATION_FAILED: each bad field"))
                .addProperty(
                        "lockedUntil", new StringSchema().format("date-time").description("BOOKER_LOCKED"))
                .addProperty("releaseId", new StringSchema().description("ADMISSION_REQUIRED"))
                .addProperty(
                        "reference",
                        new StringSchema().description("INTERNAL_ERROR: what to quote to find it in the logs"))
                .required(List.of("type", "title", "status", "code"));
    }
}
