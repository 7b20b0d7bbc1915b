package io.swarmshare.tracker.support;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A test-only endpoint with a bug, to see what a client gets when the tracker fails unexpectedly. */
@RestController
public class FailingController {

    public static final String SECRET = "connection string jdbc:secret";

    @GetMapping("/test/boom")
    String boom() {
        throw new IllegalStateException("internal detail: " + SECRET);
    }
}
