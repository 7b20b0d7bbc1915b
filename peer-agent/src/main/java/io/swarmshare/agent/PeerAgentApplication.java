package io.swarmshare.agent;

import io.swarmshare.agent.config.AgentProperties;
import io.swarmshare.agent.config.Json;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import java.time.Clock;

/** The peer agent daemon: no web server, just the piece server, downloads, heartbeat and the local control API. */
@SpringBootApplication
@EnableConfigurationProperties(AgentProperties.class)
public class PeerAgentApplication {

    public static void main(String[] args) {
        SpringApplication.run(PeerAgentApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    PeerAgent peerAgent(AgentProperties props, Clock clock) {
        return new PeerAgent(props, Json.mapper(), clock, System::exit);
    }
}
