package io.swarmshare.common.api;

/** Body of POST /users (create_user) and POST /sessions (login). */
public record Credentials(String username, String password) {
    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=***]";
    }
}
