package io.swarmshare.agent.config;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper set-up of the agent: tolerant of fields it does not know (newer trackers, older state files). */
public final class Json {

    private Json() {
    }

    public static JsonMapper mapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
