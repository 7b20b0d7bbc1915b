package io.swarmshare.tracker.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;

@EnableScheduling
@Configuration(proxyBeanMethods = false)
public class TrackerConfig {

    /** All time in the tracker comes from here, so tests can move it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Argon2id, 16 MiB, 2 iterations: tens of milliseconds per hash on this class of machine. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    }
}
